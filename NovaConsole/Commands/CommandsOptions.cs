namespace NovaConsole.Commands;

/// <summary>Command delivery, bound from the "Commands" section.</summary>
internal sealed class CommandsOptions
{
    public const string Section = "Commands";

    /// <summary>How long a sent command waits for the device's answer before it is logged as timed out.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsValid => TimeoutSeconds is > 0 and <= 3600;
}
