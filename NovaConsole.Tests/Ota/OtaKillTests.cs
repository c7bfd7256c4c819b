using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>
/// SIGKILL of the real executable at several points of a campaign: it resumes from SQLite after the restart, no
/// attempt's inform is published twice, and the counts equal a recount of the device rows.
/// </summary>
public sealed class OtaKillTests
{
    public enum KillPoint { DuringBatch, PausedBetweenBatches, AfterCancel }

    [Theory]
    [InlineData(KillPoint.DuringBatch)]
    [InlineData(KillPoint.PausedBetweenBatches)]
    [InlineData(KillPoint.AfterCancel)]
    public async Task A_campaign_killed_resumes_without_a_duplicate_inform_and_with_exact_counts(KillPoint point)
    {
        var dataPath = Directory.CreateTempSubdirectory("novaconsole-ota-kill-").FullName;
        var devices = new List<OtaSimDevice>();
        try
        {
            var app = await ChildAppProcess.StartAsync(dataPath);
            long campaign;
            await using (app)
            {
                using var admin = await app.CreateAdminClientAsync(dataPath);
                var form = OtaRig.PackageForm(RandomNumberGenerator.GetBytes(50_000), version: "2.0");
                var package = await (await admin.PostAsync("api/v1/ota/packages", form)).Content.ReadFromJsonAsync<JsonElement>();
                for (var i = 0; i < 6; i++)
                {
                    var created = await (await admin.PostAsJsonAsync("api/v1/devices", new { name = $"kill {i}" })).Content.ReadFromJsonAsync<JsonElement>();
                    var device = new OtaSimDevice(created.GetProperty("deviceId").GetString()!, created.GetProperty("key").GetString()!, "1.0")
                    {
                        // During a batch and after cancel, the first batch takes its inform and stays quiet until after the restart.
                        Behaviour = i < 3 && point != KillPoint.PausedBetweenBatches ? SimBehaviour.Silent : SimBehaviour.Succeed,
                    };
                    devices.Add(device);
                    await device.ConnectAsync(app.Port("mqtt"));
                }
                var body = Body(package, devices, pauseBetweenBatches: point == KillPoint.PausedBetweenBatches);
                await Eventually.GetAsync(() => admin.PostAsJsonAsync("api/v1/ota/campaigns?dryRun=true", body)
                        .ContinueWith(t => t.Result.Content.ReadFromJsonAsync<JsonElement>()).Unwrap(),
                    preview => preview.GetProperty("targets").GetArrayLength() == 6);
                var response = await admin.PostAsJsonAsync("api/v1/ota/campaigns", body);
                campaign = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
                await Eventually.TrueAsync(() => devices.Take(3).All(d => d.Informs.Count == 1), "the first batch is informed");
                if (point == KillPoint.PausedBetweenBatches)
                {
                    await Eventually.GetAsync(() => admin.GetFromJsonAsync<JsonElement>($"api/v1/ota/campaigns/{campaign}"),
                        c => c.GetProperty("state").GetString() == "paused");
                }
                if (point == KillPoint.AfterCancel)
                {
                    Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"api/v1/ota/campaigns/{campaign}/cancel", null)).StatusCode);
                }
                await app.KillAsync();
            }

            await using var restarted = await ChildAppProcess.StartAsync(dataPath);
            using var again = await restarted.SignInAsync();
            foreach (var d in devices)
            {
                await Eventually.TrueAsync(() => !d.Connected, "the killed broker's connection is gone");
                await d.ConnectAsync(restarted.Port("mqtt"));
            }
            Task<JsonElement> Read() => again.GetFromJsonAsync<JsonElement>($"api/v1/ota/campaigns/{campaign}");

            string expectedEnd;
            switch (point)
            {
                case KillPoint.DuringBatch:
                    var resumed = await Eventually.GetAsync(Read, c => c.GetProperty("state").GetString() == "running" && OtaRig.Count(c, "informed") == 3, TimeSpan.FromSeconds(20));
                    Assert.Equal(3, OtaRig.Count(resumed, "planned"));
                    await FinishFirstBatchAsync(devices);
                    expectedEnd = "completed";
                    break;
                case KillPoint.PausedBetweenBatches:
                    var paused = await Read();
                    Assert.Equal("paused", paused.GetProperty("state").GetString());
                    Assert.Equal(3, OtaRig.Count(paused, "queued"));
                    Assert.All(devices.Skip(3), d => Assert.Empty(d.Informs));
                    Assert.Equal(HttpStatusCode.NoContent, (await again.PostAsync($"api/v1/ota/campaigns/{campaign}/resume", null)).StatusCode);
                    expectedEnd = "completed";
                    break;
                default:
                    // The devices installing at cancel are followed to their end after the restart.
                    await FinishFirstBatchAsync(devices);
                    await Eventually.GetAsync(Read, c => OtaRig.Count(c, "succeeded") == 3, TimeSpan.FromSeconds(30));
                    expectedEnd = "cancelled";
                    break;
            }
            var done = await Eventually.GetAsync(Read, c => c.GetProperty("state").GetString() == expectedEnd
                && OtaRig.Count(c, "informed") + OtaRig.Count(c, "inProgress") + OtaRig.Count(c, "queued") + OtaRig.Count(c, "planned") == 0, TimeSpan.FromSeconds(30));
            var informed = point == KillPoint.AfterCancel ? 3 : 6;
            Assert.Equal(informed, OtaRig.Count(done, "succeeded"));
            Assert.Equal(6 - informed, OtaRig.Count(done, "cancelled"));
            Assert.All(devices.Take(informed), d => Assert.Single(d.Informs));
            Assert.All(devices.Skip(informed), d => Assert.Empty(d.Informs));
            Assert.Equal(informed, devices.SelectMany(d => d.Informs).Select(i => i.GetProperty("id").GetString()).Distinct().Count());
            var rows = (await again.GetFromJsonAsync<JsonElement>($"api/v1/ota/campaigns/{campaign}/devices")).EnumerateArray().ToList();
            Assert.Equal(informed, rows.Count(r => r.GetProperty("attempts").GetInt32() == 1));
            foreach (var (state, count) in new[] { ("planned", "planned"), ("queued", "queued"), ("informed", "informed"), ("succeeded", "succeeded"),
                         ("failed", "failed"), ("timed_out", "timedOut"), ("cancelled", "cancelled"), ("skipped", "skipped") })
            {
                Assert.Equal(rows.Count(r => r.GetProperty("state").GetString() == state), OtaRig.Count(done, count));
            }
        }
        finally
        {
            foreach (var d in devices) await d.DisposeAsync();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static async Task FinishFirstBatchAsync(List<OtaSimDevice> devices)
    {
        foreach (var d in devices.Take(3))
        {
            await d.ReportAsync("0");
            await d.ReportAsync("100");
            await d.ReportVersionAsync("2.0");
        }
    }

    private static object Body(JsonElement package, List<OtaSimDevice> devices, bool pauseBetweenBatches) => new
    {
        name = "kill -9",
        packageId = package.GetProperty("id").GetInt64(),
        targets = new { deviceIds = devices.Select(d => d.DeviceId).ToArray() },
        rollout = new { batches = new object[] { 3, 3 }, pauseBetweenBatches },
    };
}
