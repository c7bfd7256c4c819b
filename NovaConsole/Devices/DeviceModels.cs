namespace NovaConsole.Devices;

/// <summary>
/// A row of the device list. Never carries the key or its hash. <c>ReportedStatus</c> is what a connected device last
/// said about itself (seed 004 §2.6: online, offline, error...), beside <c>IsOnline</c>, which is the connection.
/// </summary>
internal sealed record DeviceSummary(
    string DeviceId,
    string Name,
    IReadOnlyList<string> Tags,
    bool IsEnabled,
    bool IsOnline,
    string? ReportedStatus,
    string? Transport,
    string? FirmwareVersion,
    DateTime? LastSeenUtc,
    DateTime CreatedUtc)
{
    /// <summary>online, offline, never_seen or disabled: what the list's status column shows and sorts by.</summary>
    public string Status => DeviceRegistry.StatusName(DeviceRegistry.StatusOf(IsEnabled, IsOnline, LastSeenUtc));
}

/// <summary>One device with its definitions. Never carries the key or its hash.</summary>
internal sealed record DeviceDetails(
    string DeviceId,
    string Name,
    string Description,
    IReadOnlyList<string> Tags,
    bool IsEnabled,
    bool IsOnline,
    string? ReportedStatus,
    string? Transport,
    string? FirmwareVersion,
    DateTime CreatedUtc,
    DateTime UpdatedUtc,
    DateTime? KeyRotatedUtc,
    DateTime? LastSeenUtc,
    IReadOnlyList<SensorDefinition> Sensors,
    IReadOnlyList<ActuatorDefinition> Actuators,
    DeviceClockOffset? DeviceClock = null);

internal sealed record SensorDefinition(string ValueKey, string Name, string? Unit, string DataType);

internal sealed record ActuatorDefinition(string Key, string Name, string Type, double? Min, double? Max, IReadOnlyList<string>? Options);

internal sealed record DevicePage(IReadOnlyList<DeviceSummary> Items, int Total);

/// <summary>A created device, or one whose key was just reset: the only place the key itself ever appears.</summary>
internal sealed record DeviceWithKey(DeviceDetails Device, string Key);

/// <summary>
/// What a caller asks to set on a device. On create, null means empty. On update, null means "leave as it is"
/// and an empty value or list clears it (except the name, which cannot be cleared).
/// </summary>
internal sealed record DeviceDraft(
    string? Name,
    string? Description = null,
    IReadOnlyList<string?>? Tags = null,
    IReadOnlyList<SensorDraft?>? Sensors = null,
    IReadOnlyList<ActuatorDraft?>? Actuators = null);

internal sealed record SensorDraft(string? ValueKey, string? Name = null, string? Unit = null, string? DataType = null);

internal sealed record ActuatorDraft(string? Key, string? Name = null, string? Type = null, double? Min = null, double? Max = null, IReadOnlyList<string?>? Options = null);

internal enum DeviceSort { DeviceId, Name, Created, LastSeen, Status }

/// <summary>
/// The devices list's state filter: online (a live session now), offline (seen before, not connected, enabled),
/// never seen (enabled, never connected) and disabled. <see cref="Any"/> filters nothing.
/// </summary>
internal enum DeviceStatusFilter { Any, Online, Offline, NeverSeen, Disabled }

/// <summary>A device's state as the list shows and sorts it: online first, then offline, never seen, disabled.</summary>
internal enum DeviceListStatus { Online = 0, Offline = 1, NeverSeen = 2, Disabled = 3 }

internal sealed record DeviceQuery(
    string? Search = null, DeviceSort Sort = DeviceSort.DeviceId, bool Descending = false, int Skip = 0, int Take = 50,
    DeviceStatusFilter Status = DeviceStatusFilter.Any)
{
    public const int MaxTake = 500;
}

/// <summary>Which devices a bulk action targets when it names a filter instead of ids ("all N matching").</summary>
internal sealed record DeviceMatch(string? Search, DeviceStatusFilter Status);

internal enum BulkAction { Enable, Disable, Delete }

/// <summary>How a bulk action went: the devices it changed (canonical ids) and the ids that matched nothing.</summary>
internal sealed record BulkResult(IReadOnlyList<string> Affected, IReadOnlyList<string> NotFound);

/// <summary>Totals for the list header.</summary>
internal sealed record DeviceCounts(int Total, int Enabled);
