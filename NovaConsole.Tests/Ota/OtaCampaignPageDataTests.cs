using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Ota;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>What the campaign page and the device page read: the batch timeline, device filters, the CSV export, a device's OTA history.</summary>
public sealed class OtaCampaignPageDataTests : OtaCampaignTestBase
{
    [Fact]
    public async Task Batches_filters_and_the_csv_export_agree_with_the_task_rows()
    {
        var fleet = await FleetAsync(3);
        fleet[1].Behaviour = SimBehaviour.FailFlash;
        var id = await _rig.CreateCampaignAsync(new
        {
            name = "rollout", packageId = _packageId, requireVersionConfirm = false,
            targets = new { deviceIds = fleet.Select(d => d.DeviceId).Append("no-such-device").ToArray() },
            rollout = new { batches = new[] { 1, 2 } },
        });
        await _rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");

        var batches = await _rig.Admin.GetFromJsonAsync<JsonElement>($"api/v1/ota/campaigns/{id}/batches");
        Assert.Equal(2, batches.GetArrayLength());
        Assert.Equal(1, batches[0].GetProperty("devices").GetInt32());
        Assert.Equal(2, batches[1].GetProperty("devices").GetInt32());
        Assert.Equal(1, batches[1].GetProperty("failed").GetInt32());
        Assert.Equal(2, batches.EnumerateArray().Sum(b => b.GetProperty("succeeded").GetInt32()));

        var failed = await _rig.Admin.GetFromJsonAsync<JsonElement>($"api/v1/ota/campaigns/{id}/devices?state=failed");
        Assert.Equal(fleet[1].DeviceId, Assert.Single(failed.EnumerateArray()).GetProperty("deviceId").GetString());
        var rows = await _rig.DevicesAsync(id);
        var second = await _rig.Admin.GetFromJsonAsync<JsonElement>($"api/v1/ota/campaigns/{id}/devices?batch=2");
        Assert.Equal(rows.Where(r => r.GetProperty("batch").GetInt32() == 1).Select(r => r.GetProperty("deviceId").GetString()),
            second.EnumerateArray().Select(r => r.GetProperty("deviceId").GetString()));
        Assert.Equal(2, second.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await _rig.Admin.GetAsync($"api/v1/ota/campaigns/{id}/devices?batch=-1")).StatusCode);

        var csv = await _rig.Admin.GetAsync($"api/v1/ota/campaigns/{id}/devices.csv?batch=2");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(OtaCampaignCsv.Header, lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith(fleet[1].DeviceId + ",2,failed,1,", StringComparison.Ordinal) && l.Contains(",flashing,-4,", StringComparison.Ordinal));
        var all = (await _rig.Admin.GetStringAsync($"api/v1/ota/campaigns/{id}/devices.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 3, all.Length);   // the unknown device is not a task
        Assert.Equal(HttpStatusCode.NotFound, (await _rig.Admin.GetAsync("api/v1/ota/campaigns/999/devices.csv")).StatusCode);
    }

    [Fact]
    public async Task A_devices_history_lists_its_tasks_newest_campaign_first()
    {
        var device = await _rig.ConnectDeviceAsync();
        device.Behaviour = SimBehaviour.FailDownload;
        var first = await _rig.CreateCampaignAsync(Campaign([device], new { retry = new { max = 0, backoffSeconds = 0 } }));
        await _rig.CampaignWhenAsync(first, c => c.GetProperty("state").GetString() == "completed");
        device.Behaviour = SimBehaviour.Succeed;
        var second = await _rig.CreateCampaignAsync(Campaign([device]));
        await _rig.CampaignWhenAsync(second, c => c.GetProperty("state").GetString() == "completed");

        var history = await _rig.Host.Services.GetRequiredService<OtaCampaignReads>().DeviceHistoryAsync(device.DeviceId, CancellationToken.None);
        Assert.Equal([second, first], history.Select(h => h.CampaignId));
        Assert.Equal(["succeeded", "failed"], history.Select(h => h.State));
        Assert.Equal("2.0", history[0].Version);
        Assert.Empty(await _rig.Host.Services.GetRequiredService<OtaCampaignReads>().DeviceHistoryAsync("someone-else", CancellationToken.None));
    }
}
