using System.Globalization;

namespace NovaConsole.Commands;

/// <summary>A sent command that may still be answered, with its timeout timer.</summary>
internal sealed class PendingCommand(long id, string deviceId, CommandKind kind, string name, string messageId, DateTimeOffset issuedAt)
{
    public long Id { get; } = id;
    public string DeviceId { get; } = deviceId;
    public CommandKind Kind { get; } = kind;
    public string Name { get; } = name;
    public string MessageId { get; } = messageId;
    public DateTimeOffset IssuedAt { get; } = issuedAt;
    internal ITimer? Timer { get; set; }

    /// <summary>Waits for the device's acknowledgement rather than an answer (<see cref="CommandDispatch.AwaitsDelivery"/>).</summary>
    public bool AwaitsDelivery { get; set; }

    /// <summary>Runs once when the command is taken out, however it ended (lets the next command of its lane go out).</summary>
    public Action? Ended { get; init; }
}

/// <summary>
/// The commands awaiting an answer, in memory. Taking one out is the single point that decides how a command
/// ends: whichever comes first of its response, its timeout or a transport error takes it, the others find nothing.
/// </summary>
internal sealed class PendingCommands(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<PendingCommand> _pending = [];

    public int Count
    {
        get { lock (_gate) return _pending.Count; }
    }

    /// <summary>Seed 000 §2.1: the last seven digits of a millisecond timestamp, moved on past any still pending for the device.</summary>
    public string NewMessageId(string deviceId)
    {
        var candidate = time.GetUtcNow().ToUnixTimeMilliseconds() % 10_000_000;
        lock (_gate)
        {
            while (_pending.Any(p => Same(p.DeviceId, deviceId) && p.MessageId == Format(candidate))) candidate = (candidate + 1) % 10_000_000;
        }
        return Format(candidate);
    }

    /// <summary>Tracks <paramref name="command"/>; <paramref name="onTimeout"/> runs once if nothing took it within <paramref name="timeout"/>.</summary>
    public void Add(PendingCommand command, TimeSpan timeout, Action<PendingCommand> onTimeout)
    {
        lock (_gate) _pending.Add(command);
        command.Timer = time.CreateTimer(_ =>
        {
            if (TryTake(command.Id) is { } expired) onTimeout(expired);
        }, null, timeout, Timeout.InfiniteTimeSpan);
    }

    public PendingCommand? TryTake(long id) => Take(p => p.Id == id);

    /// <summary>Whether the command still awaits its end (an answer, a timeout or a transport error).</summary>
    public bool Contains(long id)
    {
        lock (_gate) return _pending.Exists(p => p.Id == id);
    }

    /// <summary>Seed 004 §3.3: the command_id is the log entry's id.</summary>
    public PendingCommand? TakeByCommandId(string deviceId, string commandId) =>
        long.TryParse(commandId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? Take(p => p.Id == id && Same(p.DeviceId, deviceId)) : null;

    /// <summary>Seed 000 §4.1: a response topic names the message_id of the request it answers.</summary>
    public PendingCommand? TakeByMessageId(string deviceId, string messageId, CommandKind kind) =>
        Take(p => p.Kind == kind && p.MessageId == messageId && Same(p.DeviceId, deviceId));

    /// <summary>Seed 000 §4.2.3: an attribute report answers every attribute get still awaiting one from the device.</summary>
    public IReadOnlyList<PendingCommand> TakeAllOfKind(string deviceId, CommandKind kind)
    {
        var taken = new List<PendingCommand>();
        while (Take(p => p.Kind == kind && Same(p.DeviceId, deviceId)) is { } command) taken.Add(command);
        return taken;
    }

    /// <summary>Seed 004 §2.5: the response names only the command, so it answers the oldest one of that name.</summary>
    public PendingCommand? TakeOldestByName(string deviceId, string name) =>
        Take(p => string.Equals(p.Name, name, StringComparison.Ordinal) && Same(p.DeviceId, deviceId));

    private PendingCommand? Take(Func<PendingCommand, bool> match)
    {
        PendingCommand? found;
        lock (_gate)
        {
            // Kept in the order added, so the first match is the oldest.
            found = _pending.FirstOrDefault(match);
            if (found is null) return null;
            _pending.Remove(found);
        }
        found.Timer?.Dispose();
        found.Ended?.Invoke();
        return found;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Format(long value) => value.ToString("D7", CultureInfo.InvariantCulture);
}
