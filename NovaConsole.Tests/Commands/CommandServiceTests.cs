using System.Text;
using System.Text.Json;
using NovaConsole.Commands;

namespace NovaConsole.Tests.Commands;

public sealed class CommandServiceTests : IAsyncLifetime
{
    private CommandTestRig rig = null!;

    public async Task InitializeAsync() => rig = await CommandTestRig.StartAsync();

    public async Task DisposeAsync() => await rig.DisposeAsync();

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private async Task<CommandEntry> SendAsync(string deviceId, CommandRequest request, CommandOrigin? origin = null)
    {
        var sent = await rig.Service.SendAsync(deviceId, request, origin ?? CommandOrigin.Manual("olga"));
        Assert.True(sent.Succeeded, sent.Error);
        return sent.Value!;
    }

    [Fact]
    public async Task A_command_to_an_offline_device_is_logged_failed_device_offline()
    {
        await rig.CreateDeviceAsync("pump-1");

        var entry = await SendAsync("pump-1", new CommandRequest(CommandKind.Control, Params: Json("""{"relay1": true}""")));

        Assert.Equal(("failed", "failed", CommandFailures.DeviceOffline), (entry.State, entry.Status, entry.ResultCode));
        Assert.StartsWith("Device offline", entry.ResultMessage);
        Assert.Equal((2, 1), (entry.StatusCode, entry.OperationType));
        Assert.Equal(("manual", "olga", "control", "set_actuator"), (entry.Origin, entry.IssuedBy, entry.Kind, entry.Name));
        Assert.NotNull(entry.CompletedUtc);
        Assert.Null(entry.SentUtc);
        Assert.Equal(entry, await rig.Store.GetAsync(entry.Id));
    }

    [Fact]
    public async Task Over_tcp_the_device_receives_the_seed_004_command_and_its_response_marks_the_entry_responded()
    {
        var key = await rig.CreateDeviceAsync("DEV-123456");
        var device = await rig.ConnectTcpAsync("DEV-123456", key);

        var entry = await SendAsync("DEV-123456", new CommandRequest(CommandKind.Control, Params: Json("""{"relay1": true, "LED_brightness": 80}""")),
            CommandOrigin.Automatic("night mode rule"));

        Assert.Equal(("sent", "tcp", entry.Id.ToString()), (entry.State, entry.Transport, entry.MessageId));
        Assert.Equal((1, 2), (entry.StatusCode, entry.OperationType));
        var command = await device.ExpectAsync("command");
        Assert.Equal(["type", "command_id", "device_id", "timestamp", "command", "params"], command.EnumerateObject().Select(p => p.Name));
        Assert.Equal(entry.Id.ToString(), command.GetProperty("command_id").GetString());
        Assert.Equal("DEV-123456", command.GetProperty("device_id").GetString());
        Assert.Equal("set_actuator", command.GetProperty("command").GetString());
        // The declared spelling of the actuator key goes on the wire.
        Assert.Equal("""{"relay1":true,"led_brightness":80}""", command.GetProperty("params").GetRawText());

        await device.SendLineAsync(new
        {
            type = "command_response", command_id = entry.Id.ToString(), device_id = "DEV-123456", timestamp = 1651234570,
            result = "success", data = new { relay1 = true, led_brightness = 80 },
        });

        var answered = await rig.WaitForStatusAsync(entry.Id, "responded-ok");
        Assert.Equal(("responded", 3, "success"), (answered.State, answered.StatusCode, answered.ResultCode));
        Assert.Equal("""{"relay1":true,"led_brightness":80}""", answered.ResponseJson);
        Assert.NotNull(answered.CompletedUtc);
        Assert.Equal(0, rig.Pending.Count);
    }

    [Fact]
    public async Task A_failed_tcp_response_is_logged_as_responded_with_the_devices_message()
    {
        var key = await rig.CreateDeviceAsync("pump-2");
        var device = await rig.ConnectTcpAsync("pump-2", key);
        var entry = await SendAsync("pump-2", new CommandRequest(CommandKind.Command, "RebootDevice", Json("""{"delay": 5}""")));
        var command = await device.ExpectAsync("command");
        Assert.Equal(("RebootDevice", """{"delay":5}"""), (command.GetProperty("command").GetString(), command.GetProperty("params").GetRawText()));

        await device.SendLineAsync(new { type = "command_response", command_id = entry.Id.ToString(), result = "failed", data = new { message = "battery too low" } });

        var answered = await rig.WaitForStatusAsync(entry.Id, "responded-error");
        Assert.Equal(("failed", "battery too low"), (answered.ResultCode, answered.ResultMessage));
    }

    [Fact]
    public async Task A_command_the_device_never_answers_fails_as_timed_out_after_the_configured_seconds()
    {
        var key = await rig.CreateDeviceAsync("pump-3");
        var device = await rig.ConnectTcpAsync("pump-3", key);
        var entry = await SendAsync("pump-3", new CommandRequest(CommandKind.Control, Params: Json("""{"mode": "eco"}""")));
        await device.ExpectAsync("command");

        rig.Time.Advance(TimeSpan.FromSeconds(CommandTestRig.TimeoutSeconds - 1));
        Assert.Equal("sent", (await rig.Store.GetAsync(entry.Id))!.Status);
        rig.Time.Advance(TimeSpan.FromSeconds(1));

        var timedOut = await rig.WaitForStatusAsync(entry.Id, "timed-out");
        Assert.Equal(("failed", CommandFailures.TimedOut, 2), (timedOut.State, timedOut.ResultCode, timedOut.StatusCode));
        Assert.Equal($"Timed out: no answer from the device within {CommandTestRig.TimeoutSeconds} s.", timedOut.ResultMessage);
        Assert.Equal(rig.Time.GetUtcNow().UtcDateTime, timedOut.CompletedUtc);
    }

    [Fact]
    public async Task A_response_after_the_timeout_is_recorded_as_unmatched_and_the_entry_stays_timed_out()
    {
        var key = await rig.CreateDeviceAsync("pump-4");
        var device = await rig.ConnectTcpAsync("pump-4", key);
        var entry = await SendAsync("pump-4", new CommandRequest(CommandKind.Control, Params: Json("""{"relay1": false}""")));
        await device.ExpectAsync("command");
        rig.Time.Advance(TimeSpan.FromSeconds(CommandTestRig.TimeoutSeconds));
        await rig.WaitForStatusAsync(entry.Id, "timed-out");
        var unmatched = new TaskCompletionSource<CommandEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = rig.Notifications.Subscribe("pump-4", e => { if (e.State == "unmatched") unmatched.TrySetResult(e); });

        await device.SendLineAsync(new { type = "command_response", command_id = entry.Id.ToString(), result = "success" });

        var late = await unmatched.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("device", "pump-4", entry.Id.ToString()), (late.Origin, late.IssuedBy, late.MessageId));
        Assert.Contains($"command_id {entry.Id} matches no command awaiting an answer", late.ResultMessage);
        Assert.Equal("timed-out", (await rig.Store.GetAsync(entry.Id))!.Status);
    }

    [Fact]
    public async Task A_novacloud_response_answers_the_oldest_pending_command_of_that_name()
    {
        await rig.CreateDeviceAsync("DEV-000001");
        rig.Fake.Reachable["DEV-000001"] = true;
        rig.Fake.Answer = _ => CommandDispatch.Delivered(null);
        var first = await SendAsync("DEV-000001", new CommandRequest(CommandKind.Control, Params: Json("""{"relay1": true}""")));
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        var reboot = await SendAsync("DEV-000001", new CommandRequest(CommandKind.Command, "reboot"));
        var second = await SendAsync("DEV-000001", new CommandRequest(CommandKind.Control, Params: Json("""{"relay1": false}""")));

        await rig.Responses.OnNovaCloudResponse("dev-000001", "set_actuator", true, """{"relay1":true}""");

        Assert.Equal("responded-ok", (await rig.Store.GetAsync(first.Id))!.Status);
        Assert.Equal("sent", (await rig.Store.GetAsync(second.Id))!.Status);
        Assert.Equal("sent", (await rig.Store.GetAsync(reboot.Id))!.Status);

        await rig.Responses.OnNovaCloudResponse("DEV-000001", "set_actuator", false, """{"error":"relay stuck"}""");

        var answered = (await rig.Store.GetAsync(second.Id))!;
        Assert.Equal(("responded-error", "relay stuck"), (answered.Status, answered.ResultMessage));
        Assert.Equal("sent", (await rig.Store.GetAsync(reboot.Id))!.Status);
    }

    [Fact]
    public async Task A_thingspanel_response_answers_the_command_with_its_message_id()
    {
        await rig.CreateDeviceAsync("tp-1");
        rig.Fake.Reachable["tp-1"] = true;
        var first = await SendAsync("tp-1", new CommandRequest(CommandKind.Command, "ReSet", Json("""{"switch": 1, "light": "close"}""")));
        rig.Time.Advance(TimeSpan.FromMilliseconds(5));
        var second = await SendAsync("tp-1", new CommandRequest(CommandKind.AttributesSet, Params: Json("""{"port": 1883}""")));
        var sent = rig.Fake.Sent.ToArray();
        Assert.Equal(7, sent[0].MessageId.Length);
        Assert.NotEqual(sent[0].MessageId, sent[1].MessageId);
        Assert.Equal(sent[0].MessageId, first.MessageId);

        await rig.Responses.OnThingsPanelResponse("tp-1", sent[1].MessageId, ThingsPanelResponseKind.AttributeSet,
            Encoding.UTF8.GetBytes("""{"result": 1, "errcode": "E42", "message": "port is read-only", "ts": 1609143039}"""));
        await rig.Responses.OnThingsPanelResponse("tp-1", sent[0].MessageId, ThingsPanelResponseKind.Command,
            Encoding.UTF8.GetBytes("""{"result": 0, "message": "success", "ts": 1609143039, "method": "ReSet"}"""));

        var set = (await rig.Store.GetAsync(second.Id))!;
        Assert.Equal(("responded-error", "E42", "port is read-only"), (set.Status, set.ResultCode, set.ResultMessage));
        var reset = (await rig.Store.GetAsync(first.Id))!;
        Assert.Equal(("responded-ok", "success"), (reset.Status, reset.ResultMessage));
    }

    [Fact]
    public async Task A_response_that_matches_nothing_is_recorded_as_an_unmatched_entry()
    {
        await rig.CreateDeviceAsync("tp-2");

        await rig.Responses.OnThingsPanelResponse("tp-2", "1234567", ThingsPanelResponseKind.Command,
            Encoding.UTF8.GetBytes("""{"result": 0, "message": "success", "method": "TurnOnLight"}"""));
        await rig.Responses.OnNovaCloudResponse("tp-2", "set_actuator", true, """{"relay1":"ON"}""");

        var log = await rig.Store.ListAsync(new CommandQuery(DeviceId: "tp-2"));
        Assert.Equal(2, log.Count);
        Assert.All(log, e => Assert.Equal(("unmatched", "device", (int?)null), (e.State, e.Origin, e.StatusCode)));
        Assert.Equal(("set_actuator", "control", """{"relay1":"ON"}"""), (log[0].Name, log[0].Kind, log[0].ResponseJson));
        Assert.Equal(("TurnOnLight", "1234567"), (log[1].Name, log[1].MessageId));
        Assert.Contains("message_id 1234567 matches no command", log[1].ResultMessage);
    }

    [Fact]
    public async Task A_transport_error_is_logged_failed_with_the_transports_reason()
    {
        await rig.CreateDeviceAsync("pump-5");
        rig.Fake.Reachable["pump-5"] = true;
        rig.Fake.Answer = _ => CommandDispatch.Refused("broker queue full");

        var entry = await SendAsync("pump-5", new CommandRequest(CommandKind.AttributesGet));

        Assert.Equal(("failed", CommandFailures.TransportError, "fake-mqtt"), (entry.State, entry.ResultCode, entry.Transport));
        Assert.Equal("Transport error (fake-mqtt): broker queue full", entry.ResultMessage);
        Assert.Equal("""{"keys":[]}""", entry.ParamsJson);
        Assert.Equal(0, rig.Pending.Count);
    }

    [Fact]
    public async Task A_kind_the_protocol_never_answers_ends_as_sent_and_never_times_out()
    {
        await rig.CreateDeviceAsync("tp-3");
        rig.Fake.Reachable["tp-3"] = true;
        rig.Fake.Answer = _ => CommandDispatch.Delivered(null, awaitsResponse: false);

        var entry = await SendAsync("tp-3", new CommandRequest(CommandKind.Control, Params: Json("""{"relay1": true}""")));
        rig.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal("sent", (await rig.Store.GetAsync(entry.Id))!.Status);
        Assert.Equal(0, rig.Pending.Count);
    }

    [Fact]
    public async Task Unknown_and_disabled_devices_and_bad_params_are_refused_and_not_logged()
    {
        await rig.CreateDeviceAsync("pump-6");
        await rig.Registry.SetEnabledAsync("pump-6", false);

        var unknown = await rig.Service.SendAsync("nobody", new CommandRequest(CommandKind.AttributesGet), CommandOrigin.Manual("olga"));
        var disabled = await rig.Service.SendAsync("pump-6", new CommandRequest(CommandKind.AttributesGet), CommandOrigin.Manual("olga"));

        Assert.Equal(NovaConsole.Shared.OutcomeKind.NotFound, unknown.Kind);
        Assert.Equal((NovaConsole.Shared.OutcomeKind.Conflict, "pump-6 is disabled; enable it before sending commands."), (disabled.Kind, disabled.Error));
        Assert.Empty(await rig.Store.ListAsync(new CommandQuery()));
    }
}
