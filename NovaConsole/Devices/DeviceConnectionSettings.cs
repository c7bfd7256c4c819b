using System.Security.Cryptography;
using System.Text.Json;
using NovaConsole.Hosting;

namespace NovaConsole.Devices;

/// <summary>Ready-made settings for a device to connect, as the create and key-reset dialogs show them (seed 004 §2.3, §3.2).</summary>
internal sealed record DeviceConnectionInfo(
    string Host, int MqttPort, int MqttTlsPort, int TcpPort, string DeviceId, string Key, string ClientId, string TcpAuthLine, string TlsFingerprint);

/// <summary>
/// Where devices connect: the ports the listener registry knows (bound, else configured), and the TLS certificate's
/// fingerprint for pinning. A listener that is off shows the device guides' default port, as a device would be set up.
/// </summary>
internal sealed class DeviceConnectionSettings(
    ListenerRegistry listeners, ServerCertificate certificate, Microsoft.Extensions.Options.IOptionsMonitor<Settings.PublicAddressOptions> publicAddress)
{
    public int MqttPort => listeners.Port(ListenerNames.Mqtt) ?? 1883;
    public int MqttTlsPort => listeners.Port(ListenerNames.MqttTls) ?? 8883;
    public int TcpPort => listeners.Port(ListenerNames.DeviceTcp) ?? 9000;

    /// <summary>Devices:PublicAddress (Settings page) when set; else <paramref name="host"/>, the address the browser used.</summary>
    public DeviceConnectionInfo For(string host, string deviceId, string key) => new(
        publicAddress.CurrentValue.PublicAddress is { Length: > 0 } configured ? configured : host, MqttPort, MqttTlsPort, TcpPort, deviceId, key,
        ClientId(deviceId),
        JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = "auth", ["device_id"] = deviceId, ["device_key"] = key }),
        certificate.FormattedFingerprint);

    /// <summary><c>device_{device_id}_{suffix}</c> with an 8-character random suffix, as seed 004 §2.3 suggests.</summary>
    public static string ClientId(string deviceId) =>
        $"device_{deviceId}_{RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 8)}";
}
