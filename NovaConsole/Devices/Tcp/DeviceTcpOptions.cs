namespace NovaConsole.Devices.Tcp;

/// <summary>The NovaCloud TCP device listener (seed 004 §3), section "DeviceTcp". Port 0 picks a free port.</summary>
internal sealed class DeviceTcpOptions
{
    public const string Section = "DeviceTcp";

    /// <summary>Plain TCP port; -1 turns the listener off.</summary>
    public int Port { get; set; } = 9000;

    /// <summary>The same protocol inside TLS with the server certificate; -1 (default) turns it off.</summary>
    public int TlsPort { get; set; } = -1;

    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Seed 004 §3.1: at most 128 KB per message.</summary>
    public int MaxMessageBytes { get; set; } = 128 * 1024;

    /// <summary>Seed 004 §3.2: the auth message must arrive within 10 s of connecting.</summary>
    public int AuthTimeoutSeconds { get; set; } = 10;

    /// <summary>Seed 004 §3.4: the server closes a connection silent for 180 s.</summary>
    public int IdleTimeoutSeconds { get; set; } = 180;

    /// <summary>Connections one remote address may hold before they authenticate; more are closed at once.</summary>
    public int MaxPendingConnectionsPerAddress { get; set; } = 256;

    public string? Validate() =>
        MaxMessageBytes is < 1024 or > 16 * 1024 * 1024 ? "DeviceTcp:MaxMessageBytes must be between 1 KiB and 16 MiB."
        : AuthTimeoutSeconds <= 0 ? "DeviceTcp:AuthTimeoutSeconds must be positive."
        : IdleTimeoutSeconds <= 0 ? "DeviceTcp:IdleTimeoutSeconds must be positive."
        : MaxPendingConnectionsPerAddress <= 0 ? "DeviceTcp:MaxPendingConnectionsPerAddress must be positive."
        : Port is < -1 or > 65535 || TlsPort is < -1 or > 65535 ? "DeviceTcp ports must be -1 (off), 0 (any free port) or 1-65535."
        : null;
}
