using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Live;
using NovaConsole.Ota;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>Timeouts fire at their deadline (a timer on the OTA clock, not the minute tick), and live views hear of every change.</summary>
public sealed class OtaDeadlineTests : OtaCampaignTestBase
{
    private OtaDeadlines Deadlines => _rig.Host.Services.GetRequiredService<OtaDeadlines>();

    [Fact]
    public async Task An_ack_timeout_fires_at_its_deadline_without_anyone_stepping_the_campaign()
    {
        var clock = _rig.UseManualClock();
        var device = await _rig.ConnectDeviceAsync();
        device.Behaviour = SimBehaviour.Silent;
        var id = await _rig.CreateCampaignAsync(Campaign([device], new { timeouts = new { ack = 60, stall = 60, total = 3600 }, retry = new { max = 0, backoffSeconds = 0 } }));
        await Eventually.TrueAsync(() => device.Informs.Count == 1, "the inform");
        var informed = (await _rig.DevicesAsync(id)).Single().GetProperty("informedUtc").GetDateTime();
        await Eventually.TrueAsync(() => Deadlines.DueFor(id) == informed.AddSeconds(60), "the ack deadline is armed");

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("informed", (await _rig.DevicesAsync(id)).Single().GetProperty("state").GetString());
        clock.Advance(TimeSpan.FromSeconds(1));
        var row = await Eventually.GetAsync(async () => (await _rig.DevicesAsync(id)).Single(), r => r.GetProperty("state").GetString() == "timed_out");
        Assert.Equal("ack", row.GetProperty("timeoutKind").GetString());
        await _rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");
    }

    [Fact]
    public async Task Deadlines_come_back_from_the_task_rows_after_a_restart()
    {
        var clock = _rig.UseManualClock();
        var device = await _rig.ConnectDeviceAsync();
        device.Behaviour = SimBehaviour.Silent;
        var id = await _rig.CreateCampaignAsync(Campaign([device], new { timeouts = new { ack = 120, stall = 60, total = 3600 }, retry = new { max = 0, backoffSeconds = 0 } }));
        await Eventually.TrueAsync(() => device.Informs.Count == 1, "the inform");
        var informed = (await _rig.DevicesAsync(id)).Single().GetProperty("informedUtc").GetDateTime();
        await Eventually.TrueAsync(() => Deadlines.DueFor(id) is not null, "the ack deadline is armed");

        // A new process knows no timer: only the rows. The step run at start (the tick) arms the deadline again.
        Deadlines.Set(id, null);
        await _rig.Host.Services.GetRequiredService<OtaTickJob>().RunAsync(CancellationToken.None);
        Assert.Equal(informed.AddSeconds(120), Deadlines.DueFor(id));
        clock.Advance(TimeSpan.FromSeconds(120));
        await Eventually.GetAsync(async () => (await _rig.DevicesAsync(id)).Single(), r => r.GetProperty("state").GetString() == "timed_out");
    }

    [Fact]
    public async Task Live_views_hear_of_each_progress_report_with_its_device()
    {
        var changes = new ConcurrentQueue<OtaChange>();
        using var subscription = _rig.Host.Services.GetRequiredService<OtaNotifications>().SubscribeAll(changes.Enqueue);
        var device = await _rig.ConnectDeviceAsync();
        device.Behaviour = SimBehaviour.Silent;
        var id = await _rig.CreateCampaignAsync(Campaign([device]));
        await Eventually.TrueAsync(() => device.Informs.Count == 1, "the inform");
        changes.Clear();

        await device.ReportAsync(50);
        await Eventually.TrueAsync(() => changes.Any(c => c.CampaignId == id && c.DeviceId == device.DeviceId), "a change for the device's progress");
    }
}
