namespace NovaConsole.Settings;

/// <summary>Devices:PublicAddress: the host devices are told to connect to (empty: the address the browser used).</summary>
internal sealed class PublicAddressOptions
{
    public const string Section = "Devices";

    public string? PublicAddress { get; set; }
}
