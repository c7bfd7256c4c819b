namespace NovaConsole.Devices.Presence;

/// <summary>Whether a device has a live session right now, on any transport.</summary>
internal interface IDevicePresence
{
    bool IsOnline(string deviceId);

    DevicePresenceInfo? Find(string deviceId);

    /// <summary>What the device said about itself in its current connection (seed 004 §2.6); null while offline or before it says.</summary>
    string? ReportedStatus(string deviceId);

    /// <summary>The ids of every device with a live session now (for the devices list's server-side filters).</summary>
    IReadOnlyList<string> OnlineDeviceIds();
}

/// <summary>A device's live state: its open sessions and what it last said about itself.</summary>
internal sealed record DevicePresenceInfo(string DeviceId, bool Online, string? Transport, string? RemoteAddress, DateTimeOffset Since, string? LastReason, string? ReportedStatus);

/// <summary>A change of a device's online state, with why (a disconnect, keep-alive expiry, its LWT, a key reset...).</summary>
internal sealed record PresenceChange(string DeviceId, bool Online, string Transport, string Reason, DateTimeOffset At);

/// <summary>A status the device sent about itself (seed 004 §2.6: online, offline or error, with optional info).</summary>
internal sealed record StatusReport(string DeviceId, string Status, string? Info, string? Transport, DateTimeOffset At);
