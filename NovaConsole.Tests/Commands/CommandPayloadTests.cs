using System.Buffers;
using System.Text;
using System.Text.Json;
using NovaConsole.Commands;
using NovaConsole.Devices.Adapters;
using NovaConsole.Devices.Tcp;

namespace NovaConsole.Tests.Commands;

/// <summary>The wire shapes of commands, checked byte for byte against the seeds' examples (written without spaces).</summary>
public sealed class CommandPayloadTests
{
    private static readonly DateTimeOffset Issued = DateTimeOffset.FromUnixTimeSeconds(1651234567);

    private static DeviceCommand Command(CommandKind kind, string name, string? paramsJson, string deviceId = "DEV-123456", string messageId = "4567000") =>
        new(12345, deviceId, kind, name, paramsJson is null ? null : JsonDocument.Parse(paramsJson).RootElement.Clone(), messageId, Issued);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    [Fact]
    public void ThingsPanel_control_is_the_key_value_object_on_the_control_topic_and_ends_when_the_device_acknowledges_it()
    {
        var message = MqttCommandPayloads.ThingsPanel(Command(CommandKind.Control, "set_actuator", """{"temperature": 28.5, "light": 2000, "switch": true}""", "dev-9"));

        Assert.Equal("devices/telemetry/control/dev-9", message.Topic);
        Assert.Equal("""{"temperature":28.5,"light":2000,"switch":true}""", Text(message.Payload));
        Assert.Equal(CommandDispatch.UntilAcknowledged(), message.Dispatch);
        Assert.True(message.Dispatch.AwaitsDelivery);
    }

    [Fact]
    public void ThingsPanel_command_carries_method_and_params_on_a_topic_ending_in_the_message_id()
    {
        var message = MqttCommandPayloads.ThingsPanel(Command(CommandKind.Command, "ReSet", """{"switch": 1, "light": "close"}""", "dev-9"));

        Assert.Equal("devices/command/dev-9/4567000", message.Topic);
        Assert.Equal("""{"method":"ReSet","params":{"switch":1,"light":"close"}}""", Text(message.Payload));
        Assert.Equal(CommandDispatch.Delivered("4567000"), message.Dispatch);
    }

    [Fact]
    public void ThingsPanel_attribute_set_and_get_follow_seed_000_section_4_2()
    {
        var set = MqttCommandPayloads.ThingsPanel(Command(CommandKind.AttributesSet, "set_attributes", """{"ip": "127.0.0.1", "mac": "xxxxxxxxxx", "port": 1883}""", "dev-9"));
        var get = MqttCommandPayloads.ThingsPanel(Command(CommandKind.AttributesGet, "get_attributes", """{"keys": ["temp", "hum"]}""", "dev-9"));
        var getAll = MqttCommandPayloads.ThingsPanel(Command(CommandKind.AttributesGet, "get_attributes", null, "dev-9"));

        Assert.Equal(("devices/attributes/set/dev-9/4567000", """{"ip":"127.0.0.1","mac":"xxxxxxxxxx","port":1883}"""), (set.Topic, Text(set.Payload)));
        Assert.True(set.AwaitsResponse);
        Assert.Equal(("devices/attributes/get/dev-9", """{"keys":["temp","hum"]}"""), (get.Topic, Text(get.Payload)));
        Assert.Equal("""{"keys":[]}""", Text(getAll.Payload));
        Assert.True(get.AwaitsResponse);
        Assert.False(get.Dispatch.AwaitsDelivery);
    }

    [Fact]
    public void NovaCloud_command_is_the_seed_004_section_2_5_payload()
    {
        var message = MqttCommandPayloads.NovaCloud(Command(CommandKind.Control, "set_actuator", """{"relay1": "ON", "led_brightness": 80}"""));

        Assert.Equal("novacloud/devices/DEV-123456/command", message.Topic);
        Assert.Equal("""{"command":"set_actuator","timestamp":1651234567,"params":{"relay1":"ON","led_brightness":80}}""", Text(message.Payload));
        Assert.Equal(CommandDispatch.Delivered(null), message.Dispatch);
    }

    [Fact]
    public void The_seed_004_data_topic_response_is_read_and_ordinary_readings_are_not()
    {
        var seedResponse = """
            {"response": "actuator_set", "command": "set_actuator", "timestamp": 1651234570, "device_id": "DEV-123456",
             "success": true, "data": {"relay1": "ON", "led_brightness": 80}}
            """;
        var reading = """{"timestamp": 1651234567, "device_id": "DEV-123456", "temperature": 25.5}""";

        Assert.True(MqttCommandPayloads.TryReadNovaCloudResponse(Encoding.UTF8.GetBytes(seedResponse), out var command, out var success, out var data));
        Assert.Equal(("set_actuator", true, """{"relay1": "ON", "led_brightness": 80}"""), (command, success, data));
        Assert.False(MqttCommandPayloads.TryReadNovaCloudResponse(Encoding.UTF8.GetBytes(reading), out _, out _, out _));
        Assert.False(MqttCommandPayloads.TryReadNovaCloudResponse("not json"u8.ToArray(), out _, out _, out _));
    }

    [Fact]
    public void The_tcp_command_line_is_the_seed_004_section_3_3_example()
    {
        var output = new ArrayBufferWriter<byte>();
        var parameters = JsonDocument.Parse("""{"relay1": "ON", "led_brightness": 80}""").RootElement;

        DeviceTcpWriter.Command(output, "cmd-12345", "DEV-123456", "set_actuator", parameters, 1651234567);

        Assert.Equal("""{"type":"command","command_id":"cmd-12345","device_id":"DEV-123456","timestamp":1651234567,"command":"set_actuator","params":{"relay1":"ON","led_brightness":80}}""" + "\n",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void ThingsPanel_message_ids_are_the_last_seven_digits_of_the_millisecond_clock_and_never_repeat_while_pending()
    {
        var time = new NovaConsole.Tests.Infrastructure.ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_123_456));
        var pending = new PendingCommands(time);

        var first = pending.NewMessageId("dev");
        pending.Add(new PendingCommand(1, "dev", CommandKind.Command, "a", first, time.GetUtcNow()), TimeSpan.FromSeconds(30), _ => { });
        var second = pending.NewMessageId("DEV");
        var otherDevice = pending.NewMessageId("dev-2");

        Assert.Equal(("0123456", "0123457", "0123456"), (first, second, otherDevice));
    }
}
