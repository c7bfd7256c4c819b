namespace NovaConsole.Devices;

/// <summary>Device authentication throttling, bound from the "Devices" section.</summary>
internal sealed class DevicesOptions
{
    public const string Section = "Devices";

    /// <summary>Failed attempts within <see cref="FailureWindowSeconds"/> that start a back-off.</summary>
    public int FailureThreshold { get; set; } = 5;
    public int FailureWindowSeconds { get; set; } = 60;

    /// <summary>The first back-off; each further one doubles, up to <see cref="MaxBackoffSeconds"/>.</summary>
    public int InitialBackoffSeconds { get; set; } = 30;
    public int MaxBackoffSeconds { get; set; } = 300;

    /// <summary>Live MQTT connections one device may hold (any client ids); a newer one closes the oldest.</summary>
    public int MaxMqttConnectionsPerDevice { get; set; } = 1;

    /// <summary>Most rows one CSV import may create.</summary>
    public int ImportMaxRows { get; set; } = 10_000;

    public bool IsValid =>
        FailureThreshold > 0 && FailureWindowSeconds > 0 && InitialBackoffSeconds > 0
        && MaxBackoffSeconds >= InitialBackoffSeconds && MaxBackoffSeconds <= 3600 && ImportMaxRows > 0 && MaxMqttConnectionsPerDevice is > 0 and <= 100;
}
