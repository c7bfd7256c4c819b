namespace NovaConsole.Hosting;

/// <summary>The names listeners register under, read back by /healthz, the console and the device settings.</summary>
internal static class ListenerNames
{
    public const string Http = "http";
    public const string Mqtt = "mqtt";
    public const string MqttTls = "mqtt-tls";
    public const string MqttWebSocket = "mqtt-websocket";
    public const string DeviceTcp = "device-tcp";
    public const string DeviceTcpTls = "device-tcp-tls";
}
