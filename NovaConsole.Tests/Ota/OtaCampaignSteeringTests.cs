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

/// <summary>Campaigns as people and devices steer them: start time, cancel, per-device retry and cancel, dry run, offline and resumed devices.</summary>
public sealed class OtaCampaignSteeringTests : OtaCampaignTestBase
{
    [Fact]
    public async Task Cancel_stops_informs_and_follows_the_device_already_installing()
    {
        var installing = await _rig.ConnectDeviceAsync();
        installing.Behaviour = SimBehaviour.Silent;
        var waiting = await _rig.ConnectDeviceAsync();
        var id = await _rig.CreateCampaignAsync(Campaign([installing, waiting], new { maxInFlight = 1 }));
        await Eventually.TrueAsync(() => installing.Informs.Count == 1, "the first device is informed");
        var (first, second) = (installing, waiting);

        Assert.Equal(HttpStatusCode.NoContent, (await _rig.Admin.PostAsync($"api/v1/ota/campaigns/{id}/cancel", null)).StatusCode);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.Gone, (await http.GetAsync(first.Informs[0].GetProperty("params").GetProperty("url").GetString())).StatusCode);
        await first.ReportAsync("-2");
        await _rig.Engine.StepAsync(id);
        var rows = await _rig.DevicesAsync(id);
        Assert.Equal("cancelled", rows.Single(r => r.GetProperty("deviceId").GetString() == second.DeviceId).GetProperty("state").GetString());
        var followed = await Eventually.GetAsync(async () => (await _rig.DevicesAsync(id)).Single(r => r.GetProperty("deviceId").GetString() == first.DeviceId),
            r => r.GetProperty("state").GetString() == "failed");
        Assert.True(followed.GetProperty("finishedAfterCancel").GetBoolean());
        Assert.Empty(second.Informs);
    }

    [Fact]
    public async Task A_dry_run_names_every_exclusion_and_writes_nothing()
    {
        var ready = await _rig.ConnectDeviceAsync();
        var current = await _rig.ConnectDeviceAsync(version: "2.0");
        var disabled = await _rig.ConnectDeviceAsync();
        await _rig.Admin.PostAsync($"api/v1/devices/{disabled.DeviceId}/disable", null);
        var created = await (await _rig.Admin.PostAsJsonAsync("api/v1/devices", new { name = "never subscribed" })).Content.ReadFromJsonAsync<JsonElement>();
        var silent = created.GetProperty("deviceId").GetString()!;

        var factory = _rig.Host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>();
        async Task<int> RowsAsync()
        {
            await using var db = await factory.CreateDbContextAsync();
            return await db.OtaCampaigns.CountAsync() + await db.OtaTasks.CountAsync() + await db.OtaAttempts.CountAsync() + await db.CommandLog.CountAsync();
        }
        var before = await RowsAsync();
        var response = await _rig.Admin.PostAsJsonAsync("api/v1/ota/campaigns?dryRun=true", new
        {
            name = "preview", packageId = _packageId,
            targets = new { deviceIds = new[] { ready.DeviceId, current.DeviceId, disabled.DeviceId, silent, "NO-SUCH-DEVICE" } },
            rollout = new { batches = new object[] { "50%" } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([ready.DeviceId], preview.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        var reasons = preview.GetProperty("exclusions").EnumerateArray().ToDictionary(e => e.GetProperty("deviceId").GetString()!, e => e.GetProperty("reason").GetString()!);
        Assert.StartsWith("already at version", reasons[current.DeviceId]);
        Assert.Equal("disabled", reasons[disabled.DeviceId]);
        Assert.StartsWith("never subscribed", reasons[silent]);
        Assert.Equal("unknown device", reasons["NO-SUCH-DEVICE"]);
        Assert.Equal([1], preview.GetProperty("batches").EnumerateArray().Select(b => b.GetInt32()));
        Assert.Equal(before, await RowsAsync());
        Assert.Empty(ready.Informs);
    }

    [Fact]
    public async Task A_device_offline_at_its_turn_is_informed_when_it_subscribes_again()
    {
        var device = await _rig.ConnectDeviceAsync();
        await device.DisconnectAsync();
        var transport = _rig.Host.Services.GetRequiredService<IOtaInformTransport>();
        await Eventually.TrueAsync(() => transport.ListeningTopic(device.DeviceId) is null, "the device is gone");
        var id = await _rig.CreateCampaignAsync(Campaign([device]));
        await _rig.Engine.StepAsync(id);
        Assert.Equal(1, OtaRig.Count(await _rig.CampaignAsync(id), "queued"));

        await device.ConnectAsync(_rig.MqttPort);
        var done = await _rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");
        Assert.Equal(1, OtaRig.Count(done, "succeeded"));
    }

    [Fact]
    public async Task Progress_with_no_active_task_is_counted_and_changes_nothing()
    {
        var device = await _rig.ConnectDeviceAsync();
        var progress = _rig.Host.Services.GetRequiredService<OtaProgress>();
        var before = progress.Unmatched;
        await device.ReportAsync("50");
        await Eventually.TrueAsync(() => progress.Unmatched == before + 1, "the stray report is counted");
    }

    [Fact]
    public async Task A_campaign_with_a_start_time_informs_nobody_before_it()
    {
        var clock = _rig.UseManualClock();
        var device = await _rig.ConnectDeviceAsync();
        var id = await _rig.CreateCampaignAsync(new
        {
            name = "later", packageId = _packageId, targets = new { deviceIds = new[] { device.DeviceId } }, startAt = clock.GetUtcNow().AddHours(1),
        });
        await _rig.Engine.StepAsync(id);
        Assert.Equal("scheduled", (await _rig.CampaignAsync(id)).GetProperty("state").GetString());
        Assert.Empty(device.Informs);

        clock.Advance(TimeSpan.FromHours(1));
        await _rig.Engine.StepAsync(id);
        var done = await _rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");
        Assert.Equal(1, OtaRig.Count(done, "succeeded"));
    }

    [Fact]
    public async Task A_failed_device_retried_by_hand_gets_a_new_attempt_and_one_cancelled_by_hand_gets_none()
    {
        var failing = await _rig.ConnectDeviceAsync();
        failing.Behaviour = SimBehaviour.FailFlash;
        var silent = await _rig.ConnectDeviceAsync();
        silent.Behaviour = SimBehaviour.Silent;
        var id = await _rig.CreateCampaignAsync(Campaign([failing, silent]));
        await Eventually.GetAsync(() => _rig.CampaignAsync(id), c => OtaRig.Count(c, "failed") == 1);
        await Eventually.TrueAsync(() => silent.Informs.Count == 1, "the silent device is informed");

        failing.Behaviour = SimBehaviour.Succeed;
        Assert.Equal(HttpStatusCode.NoContent, (await _rig.Admin.PostAsync($"api/v1/ota/campaigns/{id}/devices/{failing.DeviceId}/retry", null)).StatusCode);
        await Eventually.GetAsync(() => _rig.CampaignAsync(id), c => OtaRig.Count(c, "succeeded") == 1);

        Assert.Equal(HttpStatusCode.NoContent, (await _rig.Admin.PostAsync($"api/v1/ota/campaigns/{id}/devices/{silent.DeviceId}/cancel", null)).StatusCode);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.Gone, (await http.GetAsync(silent.Informs[0].GetProperty("params").GetProperty("url").GetString())).StatusCode);
        var done = await _rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");
        Assert.Equal(1, OtaRig.Count(done, "succeeded"));
        Assert.Equal(1, OtaRig.Count(done, "cancelled"));
        Assert.Equal(2, failing.Informs.Count);
        Assert.NotEqual(failing.Informs[0].GetProperty("id").GetString(), failing.Informs[1].GetProperty("id").GetString());
        Assert.Single(silent.Informs);
    }

    [Fact]
    public async Task A_device_resuming_a_persistent_session_is_informed_without_subscribing_again()
    {
        var response = await _rig.Admin.PostAsJsonAsync("api/v1/devices", new { name = "persistent" });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var (deviceId, key) = (created.GetProperty("deviceId").GetString()!, created.GetProperty("key").GetString()!);
        var factory = new MQTTnet.MqttClientFactory();
        MQTTnet.MqttClientOptions Options() => new MQTTnet.MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _rig.MqttPort)
            .WithClientId($"persistent_{deviceId}").WithCredentials(deviceId, key).WithCleanSession(false)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311).Build();
        using var first = factory.CreateMqttClient();
        await first.ConnectAsync(Options());
        await first.SubscribeAsync($"ota/devices/inform/{deviceId}", MqttQualityOfServiceLevel.AtLeastOnce);
        var transport = _rig.Host.Services.GetRequiredService<IOtaInformTransport>();
        await Eventually.TrueAsync(() => transport.ListeningTopic(deviceId) is not null, "listening");
        var db = _rig.Host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>();
        await Eventually.TrueAsync(() =>
        {
            using var context = db.CreateDbContext();
            return context.OtaListeners.Any(l => l.DeviceId == deviceId);
        }, "the subscription is recorded");
        await first.DisconnectAsync();
        await Eventually.TrueAsync(() => transport.ListeningTopic(deviceId) is null, "gone");
        var id = await _rig.CreateCampaignAsync(new { name = "resume", packageId = _packageId, targets = new { deviceIds = new[] { deviceId } } });

        using var second = factory.CreateMqttClient();
        var informed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.ApplicationMessageReceivedAsync += e =>
        {
            informed.TrySetResult(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        var connected = await second.ConnectAsync(Options());
        Assert.True(connected.IsSessionPresent);
        Assert.Equal($"ota/devices/inform/{deviceId}", await informed.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, OtaRig.Count(await _rig.CampaignAsync(id), "informed"));
        await second.DisconnectAsync();
    }

}
