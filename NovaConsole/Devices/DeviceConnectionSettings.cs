using System.Security.Cryptography;
using System.Text.Json;

namespace NovaConsole.Devices;

/// <summary>Ready-made settings for a device to connect, as the create and key-reset dialogs show them (seed 004 §2.3, §3.2).</summary>
internal sealed record DeviceConnectionInfo(
    string Host, int MqttPort, int MqttTlsPort, int TcpPort, string DeviceId, string Key, string ClientId, string TcpAuthLine);

/// <summary>
/// The ports devices connect to. Read from configuration (Mqtt:Port, Mqtt:TlsPort, DeviceTcp:Port) with the
/// seed's defaults; once the listeners exist, hosting reports the ports actually bound.
/// </summary>
internal sealed class DeviceConnectionSettings(IConfiguration configuration)
{
    public int MqttPort => Port("Mqtt:Port", 1883);
    public int MqttTlsPort => Port("Mqtt:TlsPort", 8883);
    public int TcpPort => Port("DeviceTcp:Port", 9000);

    public DeviceConnectionInfo For(string host, string deviceId, string key) => new(
        host, MqttPort, MqttTlsPort, TcpPort, deviceId, key,
        ClientId(deviceId),
        JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = "auth", ["device_id"] = deviceId, ["device_key"] = key }));

    /// <summary><c>device_{device_id}_{suffix}</c> with an 8-character random suffix, as seed 004 §2.3 suggests.</summary>
    public static string ClientId(string deviceId) =>
        $"device_{deviceId}_{RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 8)}";

    private int Port(string key, int fallback) =>
        int.TryParse(configuration[key], out var port) && port is > 0 and <= 65535 ? port : fallback;
}
