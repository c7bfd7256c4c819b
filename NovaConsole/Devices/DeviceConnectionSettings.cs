using System.Security.Cryptography;
using System.Text.Json;

namespace NovaConsole.Devices;

/// <summary>Ready-made settings for a device to connect, as the create and key-reset dialogs show them (seed 004 §2.3, §3.2).</summary>
internal sealed record DeviceConnectionInfo(
    string Host, int MqttPort, int MqttTlsPort, int TcpPort, string DeviceId, string Key, string ClientId, string TcpAuthLine, string TlsFingerprint);

/// <summary>
/// Where devices connect: the ports the listeners actually bound (so port 0 shows the real port), else the
/// configured ones with the seed's defaults, and the TLS certificate's fingerprint for pinning.
/// </summary>
internal sealed class DeviceConnectionSettings(IConfiguration configuration, Hosting.ListenerRegistry listeners, Hosting.ServerCertificate certificate)
{
    public int MqttPort => Port("mqtt", "Mqtt:Port", 1883);
    public int MqttTlsPort => Port("mqtt-tls", "Mqtt:TlsPort", 8883);
    public int TcpPort => Port("device-tcp", "DeviceTcp:Port", 9000);

    public DeviceConnectionInfo For(string host, string deviceId, string key) => new(
        host, MqttPort, MqttTlsPort, TcpPort, deviceId, key,
        ClientId(deviceId),
        JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = "auth", ["device_id"] = deviceId, ["device_key"] = key }),
        certificate.FormattedFingerprint);

    /// <summary><c>device_{device_id}_{suffix}</c> with an 8-character random suffix, as seed 004 §2.3 suggests.</summary>
    public static string ClientId(string deviceId) =>
        $"device_{deviceId}_{RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 8)}";

    private int Port(string listener, string key, int fallback) =>
        listeners.EndPoint(listener)?.Port is > 0 and var bound ? bound
        : int.TryParse(configuration[key], out var port) && port is > 0 and <= 65535 ? port : fallback;
}
