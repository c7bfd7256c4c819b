using NovaConsole.Shared;

namespace NovaConsole.Settings;

/// <summary>
/// One operator-facing setting: its API name, the configuration key it overrides, the built-in default (the options class's), its allowed values, and when a
/// change takes effect. <see cref="RestartRequired"/> is false for every setting today: each consumer reads it through
/// <c>IOptionsMonitor</c> or at each use, and <see cref="AppliesWhen"/> says at which point.
/// </summary>
public sealed record SettingDefinition(
    string Name, string ConfigurationKey, string Default, string Description, string Kind, int? Min, int? Max, bool RestartRequired, string AppliesWhen)
{
    /// <summary>Null when <paramref name="value"/> is allowed; else why not.</summary>
    internal Problem? Problem(string value)
    {
        if (Kind == SettingKinds.Integer)
        {
            if (!int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return Shared.Problem.Of("setting.notInteger", "{0} must be a whole number.", Name);
            }
            return number < Min || number > Max ? Shared.Problem.Of("setting.outOfRange", "{0} must be between {1} and {2}.", Name, Min, Max) : null;
        }
        if (value.Length > 253) return Shared.Problem.Of("setting.hostTooLong", "{0} must be at most {1} characters.", Name, 253);
        return value.Length == 0 || Uri.CheckHostName(value) != UriHostNameType.Unknown
            ? null
            : Shared.Problem.Of("setting.notHost", "{0} must be a host name or an IP address (e.g. iot.example.com or 192.168.1.20), without scheme or port.", Name);
    }
}

internal static class SettingKinds
{
    public const string Integer = "integer";
    public const string Host = "host";
}

/// <summary>The settings an operator changes in the console (Settings page, <c>PUT /api/v1/settings</c>).</summary>
internal static class SettingDefinitions
{
    public static readonly IReadOnlyList<SettingDefinition> All =
    [
        new("publicAddress", "Devices:PublicAddress", "",
            "Host name or address devices use to reach this server, shown in connection settings (empty: the address the browser used).",
            SettingKinds.Host, null, null, false, "at once: the next connection settings shown"),
        new("retentionDays", "Telemetry:RetentionDays", "30", "Days of telemetry history kept (0 keeps all).",
            SettingKinds.Integer, 0, 36_500, false, "at the next daily clean-up (03:30 UTC) or start"),
        new("commandTimeoutSeconds", "Commands:TimeoutSeconds", "30", "Seconds a sent command waits for the device's answer before it fails as timed out.",
            SettingKinds.Integer, 1, 3_600, false, "for commands sent after the change"),
        new("lockoutThreshold", "Accounts:LockoutThreshold", "5", "Failed sign-ins in a row that lock an account.",
            SettingKinds.Integer, 1, 100, false, "at once: the next sign-in"),
        new("lockoutMinutes", "Accounts:LockoutMinutes", "15", "Minutes a locked account stays locked.",
            SettingKinds.Integer, 1, 1_440, false, "for locks that start after the change"),
    ];

    public static SettingDefinition? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
}
