namespace NovaConsole.Devices.Presence;

/// <summary>One row of a device's status history: an online/offline change, or a status the device reported.</summary>
internal sealed record StatusHistoryEntry(string DeviceId, DateTimeOffset At, bool Online, string? Transport, string Reason)
{
    public const int MaxReasonLength = 300;

    public static StatusHistoryEntry From(PresenceChange change) =>
        new(change.DeviceId, change.At, change.Online, change.Transport, Shorten(change.Reason));

    /// <summary>A report keeps the session state of its moment; the reason says what the device claimed.</summary>
    public static StatusHistoryEntry From(StatusReport report, bool online) =>
        new(report.DeviceId, report.At, online, report.Transport,
            Shorten(string.IsNullOrWhiteSpace(report.Info) ? $"reported: {report.Status}" : $"reported: {report.Status} ({report.Info})"));

    private static string Shorten(string reason) => reason.Length <= MaxReasonLength ? reason : reason[..(MaxReasonLength - 1)] + "…";
}
