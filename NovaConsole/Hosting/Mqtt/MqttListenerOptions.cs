namespace NovaConsole.Hosting.Mqtt;

/// <summary>Where the broker listens (section "Mqtt", beside the broker's own protocol options). Port 0 picks a free port.</summary>
internal sealed class MqttListenerOptions
{
    public const string Section = "Mqtt";

    /// <summary>Plain MQTT over TCP; -1 turns the listener off.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>MQTT over TLS 1.2/1.3 with the server certificate; -1 turns the listener off.</summary>
    public int TlsPort { get; set; } = 8883;

    /// <summary>Address the MQTT listeners bind: all interfaces by default, 127.0.0.1 in tests.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// Transport of the plain listener (<see cref="Port"/>): "sockets", our own socket transport that holds no buffer
    /// while a connection is idle, or "kestrel", Kestrel's socket transport. TLS and WebSocket always use Kestrel.
    /// </summary>
    public string Transport { get; set; } = "sockets";

    /// <summary>MQTT over WebSocket on the console's HTTP port; empty turns it off.</summary>
    public string WebSocketPath { get; set; } = "/mqtt";
}
