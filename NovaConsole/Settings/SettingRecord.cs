namespace NovaConsole.Settings;

/// <summary>One row of settings (schema step 31): a saved override of a configuration key.</summary>
internal sealed class SettingRecord
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTime UpdatedUtc { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>A setting as the API and the Settings page show it: its value now, where it comes from, and what the files say.</summary>
public sealed record SettingValue(
    string Name, string Value, string Source, string? ConfiguredValue, string Description, string Kind, int? Min, int? Max,
    bool RestartRequired, string AppliesWhen, DateTime? UpdatedUtc, string? UpdatedBy);
