using Microsoft.EntityFrameworkCore;

namespace NovaConsole.Commands;

/// <summary>The status words the operation log shows (<see cref="CommandEntry.Status"/>) and filters by.</summary>
internal static class CommandStatuses
{
    public const string Pending = "pending";
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Responded = "responded";
    public const string RespondedOk = "responded-ok";
    public const string RespondedError = "responded-error";
    public const string Failed = "failed";
    public const string TimedOut = "timed-out";
    public const string Unmatched = "unmatched";

    public static readonly IReadOnlyList<string> All =
        [Pending, Queued, Sent, Delivered, Responded, RespondedOk, RespondedError, Failed, TimedOut, Unmatched];

    public static bool TryParse(string? text, out string status)
    {
        status = All.FirstOrDefault(s => string.Equals(s, text?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? "";
        return status.Length > 0;
    }
}

/// <summary>Turns a <see cref="CommandQuery"/> into SQL over command_log (everything but the order and the page).</summary>
internal static class CommandLogFilter
{
    private static readonly string PendingWord = CommandNames.Of(CommandState.Pending);
    private static readonly string RespondedWord = CommandNames.Of(CommandState.Responded);
    private static readonly string FailedWord = CommandNames.Of(CommandState.Failed);

    public static IQueryable<CommandLogRecord> Apply(IQueryable<CommandLogRecord> rows, CommandQuery query, bool withStatus = true)
    {
        if (query.DeviceId is { } deviceId) rows = rows.Where(c => c.DeviceId == deviceId);
        if (query.Origin is { } origin)
        {
            var word = CommandNames.Of(origin);
            rows = rows.Where(c => c.Origin == word);
        }
        if (query.Kind is { } kind)
        {
            var word = CommandNames.Of(kind);
            rows = rows.Where(c => c.Kind == word);
        }
        if (query.FromUtc is { } from) rows = rows.Where(c => c.CreatedUtc >= from);
        if (query.ToUtc is { } to) rows = rows.Where(c => c.CreatedUtc < to);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{query.Search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            rows = rows.Where(c => EF.Functions.Like(c.DeviceId, pattern, "\\") || EF.Functions.Like(c.Name, pattern, "\\")
                || EF.Functions.Like(c.IssuedBy, pattern, "\\"));
        }
        if (!withStatus) return rows;
        if (query.State is { } state)
        {
            var word = CommandNames.Of(state);
            rows = rows.Where(c => c.State == word);
        }
        return query.Status is { } status ? ByStatus(rows, status) : rows;
    }

    private static IQueryable<CommandLogRecord> ByStatus(IQueryable<CommandLogRecord> rows, string status) => status switch
    {
        CommandStatuses.Pending => rows.Where(c => c.State == PendingWord && (c.ResultCode == null || c.ResultCode != CommandLanes.QueuedCode)),
        CommandStatuses.Queued => rows.Where(c => c.State == PendingWord && c.ResultCode == CommandLanes.QueuedCode),
        CommandStatuses.RespondedOk => rows.Where(c => c.State == RespondedWord && c.Succeeded == true),
        CommandStatuses.RespondedError => rows.Where(c => c.State == RespondedWord && (c.Succeeded == null || c.Succeeded == false)),
        CommandStatuses.TimedOut => rows.Where(c => c.State == FailedWord && c.ResultCode == CommandFailures.TimedOut),
        // failed, sent, delivered, responded, unmatched: the state word itself (failed includes timed out).
        _ => rows.Where(c => c.State == status),
    };
}
