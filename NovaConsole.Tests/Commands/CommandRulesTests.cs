using System.Text.Json;
using NovaConsole.Commands;
using NovaConsole.Devices;

namespace NovaConsole.Tests.Commands;

public sealed class CommandRulesTests
{
    private static readonly DeviceDetails Device = new("DEV-1", "Greenhouse", "", [], true, false, null, null, null,
        DateTime.UnixEpoch, DateTime.UnixEpoch, null, null, [],
        [
            new ActuatorDefinition("relay1", "Relay", "boolean", null, null, null),
            new ActuatorDefinition("led_brightness", "LED", "number", 0, 100, null),
            new ActuatorDefinition("setpoint", "Setpoint", "number", 5, null, null),
            new ActuatorDefinition("mode", "Mode", "enum", null, null, ["eco", "boost"]),
            new ActuatorDefinition("label", "Label", "string", null, null, null),
            new ActuatorDefinition("schedule", "Schedule", "json", null, null, null),
        ]);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string? Problem(CommandKind kind, string? paramsJson, string? name = null) =>
        CommandRules.Check(Device, new CommandRequest(kind, name, paramsJson is null ? null : Json(paramsJson))).Error;

    [Theory]
    [InlineData("""{"relay9": true}""", "'relay9' is not an actuator of DEV-1 (its actuators: relay1, led_brightness, setpoint, mode, label, schedule).")]
    [InlineData("""{"led_brightness": 150}""", "led_brightness must be between 0 and 100; 150 is out of range.")]
    [InlineData("""{"led_brightness": -0.5}""", "led_brightness must be between 0 and 100; -0.5 is out of range.")]
    [InlineData("""{"setpoint": 4}""", "setpoint must be at least 5; 4 is out of range.")]
    [InlineData("""{"led_brightness": "80"}""", "led_brightness is a number actuator; \"80\" is not a number.")]
    [InlineData("""{"relay1": 1}""", "relay1 is an on/off actuator: send true or false, not 1.")]
    [InlineData("""{"mode": "turbo"}""", "mode must be one of eco, boost; not \"turbo\".")]
    [InlineData("""{"label": 42}""", "label takes text; 42 is not a JSON string.")]
    [InlineData("""{}""", "A control needs params: a JSON object of actuator keys and values (actuators of DEV-1: relay1, led_brightness, setpoint, mode, label, schedule).")]
    [InlineData("""[1]""", "A control needs params: a JSON object of actuator keys and values (actuators of DEV-1: relay1, led_brightness, setpoint, mode, label, schedule).")]
    public void A_control_is_refused_with_a_message_that_says_what_to_change(string paramsJson, string expected) =>
        Assert.Equal(expected, Problem(CommandKind.Control, paramsJson));

    [Fact]
    public void A_control_within_range_and_options_passes_with_the_declared_key_spelling()
    {
        var result = CommandRules.Check(Device, new CommandRequest(CommandKind.Control, null,
            Json("""{"RELAY1": false, "led_brightness": 100, "setpoint": 1e3, "mode": "boost", "label": "hi", "schedule": {"at": [1, 2]}}""")));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("set_actuator", result.Value!.Name);
        Assert.Equal("""{"relay1":false,"led_brightness":100,"setpoint":1e3,"mode":"boost","label":"hi","schedule":{"at":[1,2]}}""",
            result.Value.Params!.Value.GetRawText());
    }

    [Fact]
    public void A_device_without_actuators_cannot_be_controlled()
    {
        var bare = Device with { Actuators = [] };

        var result = CommandRules.Check(bare, new CommandRequest(CommandKind.Control, null, Json("""{"x": 1}""")));

        Assert.Equal("DEV-1 declares no actuators, so there is nothing to control; send a custom command instead.", result.Error);
    }

    [Theory]
    [InlineData(null, null, "A command needs a name: the method the device should run, e.g. RebootDevice.")]
    [InlineData("reboot now", null, "A command name may use letters, digits and _ - . : only; 'reboot now' has others.")]
    [InlineData("Reboot", "[1]", "A command's params must be a JSON object, e.g. {\"delay\": 5}.")]
    [InlineData("Reboot", null, null)]
    [InlineData("ReSet", """{"switch": 1}""", null)]
    public void A_command_needs_a_method_name_and_object_params(string? name, string? paramsJson, string? expected) =>
        Assert.Equal(expected, Problem(CommandKind.Command, paramsJson, name));

    [Theory]
    [InlineData(null, """{"keys":[]}""")]
    [InlineData("""{"keys": ["temp", "hum"]}""", """{"keys":["temp","hum"]}""")]
    [InlineData("""["temp"]""", """{"keys":["temp"]}""")]
    public void An_attribute_get_is_sent_as_the_seed_000_keys_object(string? paramsJson, string expected) =>
        Assert.Equal(expected, CommandRules.Check(Device, new CommandRequest(CommandKind.AttributesGet, null, paramsJson is null ? null : Json(paramsJson)))
            .Value!.Params!.Value.GetRawText());

    [Theory]
    [InlineData("attributes.get", """{"keys": [1]}""")]
    [InlineData("attributes.set", """{}""")]
    [InlineData("attributes.set", null)]
    public void Malformed_attribute_requests_are_refused(string kind, string? paramsJson)
    {
        Assert.True(CommandNames.TryParseKind(kind, out var parsed));
        Assert.StartsWith("attributes.", Problem(parsed, paramsJson));
    }

    [Fact]
    public void Params_larger_than_16_KiB_are_refused()
    {
        var big = JsonSerializer.Serialize(new { label = new string('x', 17 * 1024) });

        Assert.Equal("params may be at most 16 KiB of JSON.", Problem(CommandKind.Control, big));
    }
}
