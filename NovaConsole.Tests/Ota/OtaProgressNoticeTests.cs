using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Traffic;
using NovaConsole.Ota;
using NovaConsole.Shared.Logging;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>The OTA progress notices in a device's live messages: the device's values cut short and escaped, and a flood of reports with no task rate-limited.</summary>
public sealed class OtaProgressNoticeTests : OtaCampaignTestBase
{
    [Fact]
    public async Task Progress_with_no_task_shows_a_few_escaped_notices_not_one_per_message()
    {
        var device = await _rig.ConnectDeviceAsync();
        var notices = new ConcurrentQueue<TrafficEntry>();
        using var watch = _rig.Host.Services.GetRequiredService<DeviceTraffic>().Watch(device.DeviceId, e =>
        {
            if (e.Direction == TrafficDirection.Notice && e.Channel == "ota/devices/progress") notices.Enqueue(e);
        }, out _);
        var progress = _rig.Host.Services.GetRequiredService<OtaProgress>();
        var before = progress.Unmatched;
        const int sent = 12;
        for (var i = 0; i < sent; i++) await device.ReportAsync("5\r\nforged", "MCU\nforged line", desc: "spam");
        await Eventually.TrueAsync(() => progress.Unmatched - before == sent, "every report is counted");

        Assert.Equal(LogRateLimit.Burst, notices.Count);
        Assert.All(notices, n =>
        {
            Assert.DoesNotContain('\n', n.Text);
            Assert.DoesNotContain('\r', n.Text);
            Assert.Contains(@"MCU\nforged line", n.Text);
        });
    }

    [Fact]
    public async Task A_long_description_is_kept_cut_short_in_the_tasks_last_message()
    {
        var device = await _rig.ConnectDeviceAsync();
        device.Behaviour = SimBehaviour.Silent;
        var id = await _rig.CreateCampaignAsync(Campaign([device]));
        await Eventually.TrueAsync(() => device.Informs.Count == 1, "the inform");
        await device.ReportAsync(40, desc: new string('d', 5000));
        var row = await Eventually.GetAsync(async () => (await _rig.DevicesAsync(id)).Single(), r => r.GetProperty("state").GetString() == "in_progress");
        var message = row.GetProperty("lastMessage").GetString()!;
        Assert.StartsWith("40% (", message, StringComparison.Ordinal);
        Assert.Contains("…(512 chars)", message);   // the wire keeps 512, the message shows 128 of them
        Assert.True(message.Length < LogValue.MaxLength + 50);
    }
}
