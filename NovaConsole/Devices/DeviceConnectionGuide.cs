using System.Text;

namespace NovaConsole.Devices;

internal enum DeviceProtocol { ThingsPanelMqtt, NovaCloudMqtt, NovaCloudTcp }

/// <summary>A ready line to copy: the tool (mosquitto_pub, python, nc) and the command or script.</summary>
internal sealed record ConnectionCommand(string Tool, string Text);

/// <summary>How one device connects with one protocol: where, which topics, an example payload and lines to copy.</summary>
internal sealed record DeviceConnectionGuideDto(
    string Protocol, string Host, int Port, string DeviceId, string? Username, string? ClientId,
    IReadOnlyList<string> Publish, IReadOnlyList<string> Subscribe, string ExamplePayload, IReadOnlyList<ConnectionCommand> Commands);

/// <summary>
/// The connection instructions of the device page and the create / key dialogs, for each protocol the platform speaks
/// (seed 000 for ThingsPanel MQTT, seed 004 §2 for NovaCloud MQTT and §3 for NovaCloud TCP). Without the key (it is
/// shown only once) the lines hold a <see cref="KeyPlaceholder"/> to replace.
/// </summary>
internal sealed class DeviceConnectionGuide(DeviceConnectionSettings settings, TimeProvider time)
{
    public const string KeyPlaceholder = "<device-key>";
    private const string ThingsPanelExample = """{"temperature":28.5,"switch":true}""";

    public static IReadOnlyList<DeviceProtocol> Protocols { get; } = [DeviceProtocol.ThingsPanelMqtt, DeviceProtocol.NovaCloudMqtt, DeviceProtocol.NovaCloudTcp];

    public static bool TryParseProtocol(string? value, out DeviceProtocol protocol)
    {
        protocol = DeviceProtocol.ThingsPanelMqtt;
        switch (value?.Trim().ToLowerInvariant())
        {
            case "thingspanel" or "thingspanel-mqtt" or "thingspanelmqtt": return true;
            case "novacloud" or "novacloud-mqtt" or "novacloudmqtt": protocol = DeviceProtocol.NovaCloudMqtt; return true;
            case "novacloud-tcp" or "novacloudtcp" or "tcp": protocol = DeviceProtocol.NovaCloudTcp; return true;
            default: return false;
        }
    }

    public static string Name(DeviceProtocol protocol) => protocol switch
    {
        DeviceProtocol.NovaCloudMqtt => "novacloud-mqtt",
        DeviceProtocol.NovaCloudTcp => "novacloud-tcp",
        _ => "thingspanel-mqtt",
    };

    public IReadOnlyList<DeviceConnectionGuideDto> All(string host, string deviceId, string? key = null) =>
        Protocols.Select(p => For(p, host, deviceId, key)).ToList();

    public DeviceConnectionGuideDto For(DeviceProtocol protocol, string host, string deviceId, string? key = null)
    {
        var secret = string.IsNullOrEmpty(key) ? KeyPlaceholder : key;
        var clientId = DeviceConnectionSettings.ClientId(deviceId);
        return protocol switch
        {
            DeviceProtocol.NovaCloudMqtt => Mqtt(protocol, host, deviceId, secret, clientId,
                publish: [$"novacloud/devices/{deviceId}/data", $"novacloud/devices/{deviceId}/status"],
                subscribe: [$"novacloud/devices/{deviceId}/command"],
                telemetryTopic: $"novacloud/devices/{deviceId}/data",
                example: $$"""{"timestamp":{{time.GetUtcNow().ToUnixTimeSeconds()}},"device_id":"{{deviceId}}","temperature":25.5,"humidity":60.0}"""),
            DeviceProtocol.NovaCloudTcp => Tcp(host, deviceId, secret),
            _ => Mqtt(protocol, host, deviceId, secret, clientId,
                publish: ["devices/telemetry", "devices/attributes/{message_id}", "devices/event/{message_id}",
                          "devices/command/response/{message_id}", "devices/attributes/set/response/{message_id}"],
                subscribe: [$"devices/telemetry/control/{deviceId}", $"devices/attributes/set/{deviceId}/+", $"devices/attributes/get/{deviceId}",
                            $"devices/command/{deviceId}/+", $"devices/attributes/response/{deviceId}/+", $"devices/event/response/{deviceId}/+"],
                telemetryTopic: "devices/telemetry",
                example: ThingsPanelExample),
        };
    }

    private DeviceConnectionGuideDto Mqtt(DeviceProtocol protocol, string host, string deviceId, string key, string clientId,
        string[] publish, string[] subscribe, string telemetryTopic, string example)
    {
        var port = settings.MqttPort;
        var mosquitto = $"mosquitto_pub -h {Shell(host)} -p {port} -i {Shell(clientId)} -u {Shell(deviceId)} -P {Shell(key)} -q 1 -t {Shell(telemetryTopic)} -m {Shell(example)}";
        var python = new StringBuilder()
            .AppendLine("import time")
            .AppendLine("import paho.mqtt.client as mqtt")
            .AppendLine("try:")
            .AppendLine($"    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id={Py(clientId)})")
            .AppendLine("except AttributeError:  # paho-mqtt 1.x")
            .AppendLine($"    client = mqtt.Client(client_id={Py(clientId)})")
            .AppendLine($"client.username_pw_set({Py(deviceId)}, {Py(key)})")
            .AppendLine($"client.connect({Py(host)}, {port})")
            .AppendLine("client.loop_start()")
            .AppendLine("while not client.is_connected():")
            .AppendLine("    time.sleep(0.05)")
            .AppendLine($"client.publish({Py(telemetryTopic)}, {Py(example)}, qos=1).wait_for_publish()")
            .AppendLine("client.loop_stop()")
            .Append("client.disconnect()")
            .ToString();
        return new DeviceConnectionGuideDto(Name(protocol), host, port, deviceId, deviceId, clientId, publish, subscribe, example,
            [new("mosquitto_pub", mosquitto), new("python", python)]);
    }

    private DeviceConnectionGuideDto Tcp(string host, string deviceId, string key)
    {
        var port = settings.TcpPort;
        var auth = $$"""{"type":"auth","device_id":"{{deviceId}}","device_key":"{{key}}"}""";
        var data = $$$"""{"type":"data","device_id":"{{{deviceId}}}","timestamp":{{{time.GetUtcNow().ToUnixTimeSeconds()}}},"values":{"temperature":25.5,"humidity":60.0}}""";
        // One JSON message per line (seed 004 §3); nc keeps the socket open a moment so the answers arrive.
        var nc = $"{{ printf '%s\\n' {Shell(auth)}; sleep 1; printf '%s\\n' {Shell(data)}; sleep 1; }} | nc -w 3 {Shell(host)} {port}";
        return new DeviceConnectionGuideDto(Name(DeviceProtocol.NovaCloudTcp), host, port, deviceId, null, null,
            ["auth", "data", "status", "command_response", "ping"], ["auth_result", "command", "pong"], data,
            [new("nc", nc)]);
    }

    /// <summary>POSIX shell single quotes: nothing inside is special except the quote itself.</summary>
    public static string Shell(string value) => "'" + value.Replace("'", "'\"'\"'") + "'";

    private static string Py(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
