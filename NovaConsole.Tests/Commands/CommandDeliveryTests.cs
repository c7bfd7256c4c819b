using System.Text;
using System.Text.Json;
using NovaConsole.Commands;

namespace NovaConsole.Tests.Commands;

/// <summary>Commands the protocol never answers end as delivered at the device's acknowledgement; attribute gets end at the next report.</summary>
public sealed class CommandDeliveryTests : IAsyncLifetime
{
    private CommandTestRig rig = null!;

    public async Task InitializeAsync() => rig = await CommandTestRig.StartAsync();

    public async Task DisposeAsync() => await rig.DisposeAsync();

    private async Task<CommandEntry> SendAsync(string deviceId, CommandRequest request)
    {
        var sent = await rig.Service.SendAsync(deviceId, request, CommandOrigin.Manual("olga"));
        Assert.True(sent.Succeeded, sent.Error);
        return sent.Value!;
    }

    [Fact]
    public async Task A_control_awaiting_delivery_ends_as_delivered_when_the_transport_reports_the_acknowledgement()
    {
        await rig.CreateDeviceAsync("tp-1");
        rig.Fake.Reachable["tp-1"] = true;
        rig.Fake.Answer = _ => CommandDispatch.UntilAcknowledged();

        var entry = await SendAsync("tp-1", new CommandRequest(CommandKind.Control, Params: JsonDocument.Parse("""{"relay1": true}""").RootElement.Clone()));
        Assert.Equal("sent", entry.Status);
        await rig.Responses.OnDeliveredAsync("tp-1", entry.Id);

        var done = await rig.WaitForStatusAsync(entry.Id, "delivered");
        Assert.Equal((true, 1), (done.CompletedUtc is not null, done.StatusCode));
        Assert.Equal(0, rig.Pending.Count);
    }

    [Fact]
    public async Task A_control_the_device_never_acknowledges_times_out_saying_so()
    {
        await rig.CreateDeviceAsync("tp-2");
        rig.Fake.Reachable["tp-2"] = true;
        rig.Fake.Answer = _ => CommandDispatch.UntilAcknowledged();

        var entry = await SendAsync("tp-2", new CommandRequest(CommandKind.Control, Params: JsonDocument.Parse("""{"relay1": false}""").RootElement.Clone()));
        rig.Time.Advance(TimeSpan.FromSeconds(CommandTestRig.TimeoutSeconds + 1));

        var done = await rig.WaitForStatusAsync(entry.Id, "timed-out");
        Assert.Contains("did not acknowledge", done.ResultMessage);
    }

    [Fact]
    public async Task An_attribute_report_answers_every_pending_attribute_get_of_that_device_only()
    {
        await rig.CreateDeviceAsync("tp-3");
        await rig.CreateDeviceAsync("tp-4");
        rig.Fake.Reachable["tp-3"] = true;
        rig.Fake.Reachable["tp-4"] = true;
        var first = await SendAsync("tp-3", new CommandRequest(CommandKind.AttributesGet));
        var second = await SendAsync("tp-3", new CommandRequest(CommandKind.AttributesGet));
        var other = await SendAsync("tp-4", new CommandRequest(CommandKind.AttributesGet));

        await rig.Responses.OnAttributeReportAsync("TP-3", Encoding.UTF8.GetBytes("""{"ip":"10.0.0.7","version":"1.2"}"""));

        foreach (var id in new[] { first.Id, second.Id })
        {
            var done = await rig.WaitForStatusAsync(id, "responded-ok");
            Assert.Equal("""{"ip":"10.0.0.7","version":"1.2"}""", done.ResponseJson);
        }
        Assert.Equal("sent", (await rig.Store.GetAsync(other.Id))!.Status);
        Assert.Equal(1, rig.Pending.Count);
    }
}
