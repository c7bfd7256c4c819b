using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using NovaConsole.Data;
using NovaConsole.Ota;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>Campaigns end to end: the wire, batches, auto-pause, retries, failure classes, version confirmation.</summary>
public sealed class OtaCampaignTests : OtaCampaignTestBase
{
    [Fact]
    public async Task The_inform_is_the_seeds_sample_on_QoS_1_not_retained_and_the_fleet_succeeds_with_version_confirmation()
    {
        var fleet = await FleetAsync(3);
        var id = await _rig.CreateCampaignAsync(Campaign(fleet));
        var done = await _rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");
        Assert.Equal(3, OtaRig.Count(done, "succeeded"));
        Assert.Equal(3, await RecountAsync(id, OtaTaskStates.Succeeded));
        Assert.All(fleet, d => Assert.Empty(d.Problems));
        Assert.All(fleet, d => Assert.Equal("2.0", d.Version));

        var (topic, qos, retain, payload) = Assert.Single(fleet[0].Deliveries);
        Assert.Equal($"ota/devices/inform/{fleet[0].DeviceId}", topic);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, qos);
        Assert.False(retain);
        var inform = JsonDocument.Parse(payload).RootElement;
        Assert.Equal(["id", "code", "params"], inform.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^[0-9]+$", inform.GetProperty("id").GetString());
        Assert.Equal(200, inform.GetProperty("code").GetInt32());
        var p = inform.GetProperty("params");
        Assert.Equal(["version", "size", "url", "signMethod", "sign", "module", "extData"], p.EnumerateObject().Select(x => x.Name));
        Assert.Equal(_file.Length, p.GetProperty("size").GetInt64());
        Assert.Equal("Md5", p.GetProperty("signMethod").GetString());
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(_file)), p.GetProperty("sign").GetString());
        Assert.Equal("value1", p.GetProperty("extData").GetProperty("key1").GetString());
        // Ids are unique per device and attempt.
        Assert.Equal(3, fleet.Select(d => d.Informs[0].GetProperty("id").GetString()).Distinct().Count());

        // Every inform is an operation-log entry, manual because a person started the campaign.
        var log = await _rig.Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{fleet[0].DeviceId}/commands");
        var entry = log.EnumerateArray().Single(e => e.GetProperty("name").GetString() == OtaInformer.LogName);
        Assert.Equal("manual", entry.GetProperty("origin").GetString());
        Assert.Equal(inform.GetProperty("id").GetString(), entry.GetProperty("messageId").GetString());
        Assert.DoesNotContain(p.GetProperty("url").GetString()!, entry.GetProperty("paramsJson").GetString());
    }

    [Fact]
    public async Task A_device_listening_on_the_misspelt_infrom_topic_is_informed_there()
    {
        var device = await _rig.ConnectDeviceAsync(spelling: "infrom");
        var id = await _rig.CreateCampaignAsync(Campaign([device]));
        await _rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");
        Assert.Equal($"ota/devices/infrom/{device.DeviceId}", Assert.Single(device.Deliveries).Topic);
    }

    [Fact]
    public async Task Thirty_percent_failures_in_the_canary_pause_before_batch_two_is_informed_and_resume_continues()
    {
        var canary = await FleetAsync(10);
        foreach (var d in canary.Take(3)) d.Behaviour = SimBehaviour.FailFlash;
        var rest = await FleetAsync(10);
        var id = await _rig.CreateCampaignAsync(Campaign(canary.Concat(rest), new { batches = new object[] { 10, "100%" }, failurePausePercent = 10, minSample = 5 }));

        var paused = await _rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "paused");
        Assert.StartsWith("auto:", paused.GetProperty("pauseReason").GetString());
        // Let the canary settle; still nothing reaches batch 2 while paused.
        await _rig.CampaignWhenAsync(id, c => OtaRig.Count(c, "succeeded") + OtaRig.Count(c, "failed") == 10);
        await _rig.Engine.StepAsync(id);
        Assert.All(rest, d => Assert.Empty(d.Informs));
        Assert.Equal("paused", (await _rig.CampaignAsync(id)).GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _rig.Admin.PostAsync($"api/v1/ota/campaigns/{id}/resume", null)).StatusCode);
        var done = await _rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");
        Assert.Equal(17, OtaRig.Count(done, "succeeded"));
        Assert.Equal(3, OtaRig.Count(done, "failed"));
        Assert.All(rest, d => Assert.Single(d.Informs));
        // Flashing failures are never retried.
        Assert.All(canary.Take(3), d => Assert.Single(d.Informs));
        var failed = (await _rig.DevicesAsync(id)).Where(r => r.GetProperty("state").GetString() == "failed").ToList();
        Assert.All(failed, r => Assert.Equal("flashing", r.GetProperty("failureClass").GetString()));
        Assert.Equal(3, await RecountAsync(id, OtaTaskStates.Failed));
    }

    [Fact]
    public async Task An_ack_timeout_is_retried_with_a_new_id_and_token_and_the_old_link_is_gone()
    {
        var clock = _rig.UseManualClock();
        var device = await _rig.ConnectDeviceAsync();
        device.Behaviour = SimBehaviour.Silent;
        var id = await _rig.CreateCampaignAsync(Campaign([device], new { timeouts = new { ack = 60, stall = 60, total = 3600 }, retry = new { max = 1, backoffSeconds = 0 } }));
        await Eventually.TrueAsync(() => device.Informs.Count == 1, "the first inform");

        clock.Advance(TimeSpan.FromSeconds(61));
        await _rig.Engine.StepAsync(id); // settles the timeout, re-queues
        await _rig.Engine.StepAsync(id); // informs again
        await Eventually.TrueAsync(() => device.Informs.Count == 2, "the second inform");
        var (first, second) = (device.Informs[0], device.Informs[1]);
        Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        var firstUrl = first.GetProperty("params").GetProperty("url").GetString();
        Assert.NotEqual(firstUrl, second.GetProperty("params").GetProperty("url").GetString());
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.Gone, (await http.GetAsync(firstUrl)).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(61));
        await _rig.Engine.StepAsync(id);
        var row = (await _rig.DevicesAsync(id)).Single();
        Assert.Equal("timed_out", row.GetProperty("state").GetString());
        Assert.Equal("ack", row.GetProperty("timeoutKind").GetString());
        Assert.Equal(2, row.GetProperty("attempts").GetInt32());
        Assert.Equal(2, device.Informs.Count);
    }

    [Fact]
    public async Task A_download_failure_is_retried_a_flashing_failure_is_not()
    {
        var download = await _rig.ConnectDeviceAsync();
        download.Behaviour = SimBehaviour.FailDownload;
        var flash = await _rig.ConnectDeviceAsync();
        flash.Behaviour = SimBehaviour.FailFlash;
        var id = await _rig.CreateCampaignAsync(Campaign([download, flash], new { retry = new { max = 2, backoffSeconds = 0 } }));
        var done = await _rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");
        Assert.Equal(2, OtaRig.Count(done, "failed"));
        Assert.Equal(3, download.Informs.Count);
        Assert.Single(flash.Informs);
        var rows = await _rig.DevicesAsync(id);
        Assert.Equal("download", rows.Single(r => r.GetProperty("deviceId").GetString() == download.DeviceId).GetProperty("failureClass").GetString());
    }

    [Theory]
    [InlineData(SimBehaviour.FailUpgrade, "upgrade", "-1")]
    [InlineData(SimBehaviour.FailVerify, "verification", "-3")]
    [InlineData(SimBehaviour.FailOtherCode, "device", "-17")]
    [InlineData(SimBehaviour.RollBack, "rolled_back", "1.0")]
    public async Task Each_failure_is_recorded_with_its_class_and_raw_code(SimBehaviour behaviour, string failureClass, string rawCode)
    {
        var device = await _rig.ConnectDeviceAsync();
        device.Behaviour = behaviour;
        var id = await _rig.CreateCampaignAsync(Campaign([device]));
        await _rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");
        var row = (await _rig.DevicesAsync(id)).Single();
        Assert.Equal("failed", row.GetProperty("state").GetString());
        Assert.Equal(failureClass, row.GetProperty("failureClass").GetString());
        Assert.Equal(rawCode, row.GetProperty("rawCode").GetString());
    }

    [Fact]
    public async Task Step_100_without_the_new_version_within_the_window_fails_unconfirmed()
    {
        var clock = _rig.UseManualClock();
        var device = await _rig.ConnectDeviceAsync();
        device.Behaviour = SimBehaviour.NeverConfirm;
        var id = await _rig.CreateCampaignAsync(Campaign([device]));
        await Eventually.GetAsync(async () => (await _rig.DevicesAsync(id)).Single(), r => r.GetProperty("step").ValueKind == JsonValueKind.Number && r.GetProperty("step").GetInt32() == 100);
        Assert.Equal("in_progress", (await _rig.CampaignAsync(id)).GetProperty("counts").GetProperty("inProgress").GetInt32() == 1 ? "in_progress" : "other");
        clock.Advance(TimeSpan.FromSeconds(901));
        await _rig.Engine.StepAsync(id);
        Assert.Equal("not_confirmed", (await _rig.DevicesAsync(id)).Single().GetProperty("failureClass").GetString());
    }

}
