using System.Globalization;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Components.Pages.Broker;

/// <summary>How the broker page words numbers, durations and client details.</summary>
internal static class BrokerFormat
{
    public static string Rate(double perSecond) =>
        perSecond >= 1000 ? $"{perSecond / 1000:0.0}k" : perSecond >= 10 ? perSecond.ToString("0", CultureInfo.InvariantCulture) : perSecond.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1 << 30 => $"{bytes / (1 << 30):0.0} GiB",
        >= 1 << 20 => $"{bytes / (1 << 20):0.0} MiB",
        >= 1 << 10 => $"{bytes / (1 << 10):0.0} KiB",
        _ => $"{bytes:0} B",
    };

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Protocol(MqttProtocolVersion version) => version switch
    {
        MqttProtocolVersion.V310 => "3.1",
        MqttProtocolVersion.V311 => "3.1.1",
        _ => version.ToString(),
    };

    public static string Transport(MqttTransport transport) => transport switch
    {
        MqttTransport.Tcp => "TCP",
        MqttTransport.Tls => "TLS",
        MqttTransport.WebSocket => "WebSocket",
        MqttTransport.SecureWebSocket => "WebSocket (TLS)",
        _ => transport.ToString(),
    };

    /// <summary>MQTT first, then the device TCP listeners; HTTP is the console's own.</summary>
    public static int ListenerOrder(string name) => name switch
    {
        "mqtt" => 0, "mqtt-tls" => 1, "mqtt-websocket" => 2, "device-tcp" => 3, "device-tcp-tls" => 4, _ => 5,
    };

    public static bool IsDeviceListener(string name) => name.StartsWith("mqtt", StringComparison.Ordinal) || name.StartsWith("device-", StringComparison.Ordinal);
}
