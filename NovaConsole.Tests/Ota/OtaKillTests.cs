using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>
/// SIGKILL of the real executable in the middle of a campaign: the campaign resumes from SQLite after the restart,
/// no attempt's inform is published twice, and the counts equal a recount of the device rows.
/// </summary>
public sealed class OtaKillTests
{
    [Fact]
    public async Task A_campaign_killed_during_a_batch_resumes_without_a_duplicate_inform_and_with_exact_counts()
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
                var file = RandomNumberGenerator.GetBytes(50_000);
                var form = OtaRig.PackageForm(file, version: "2.0");
                var package = await (await admin.PostAsync("api/v1/ota/packages", form)).Content.ReadFromJsonAsync<JsonElement>();
                for (var i = 0; i < 6; i++)
                {
                    var created = await (await admin.PostAsJsonAsync("api/v1/devices", new { name = $"kill {i}" })).Content.ReadFromJsonAsync<JsonElement>();
                    var device = new OtaSimDevice(created.GetProperty("deviceId").GetString()!, created.GetProperty("key").GetString()!, "1.0")
                    {
                        // The first batch takes its inform and stays quiet until after the restart.
                        Behaviour = i < 3 ? SimBehaviour.Silent : SimBehaviour.Succeed,
                    };
                    devices.Add(device);
                    await device.ConnectAsync(app.Port("mqtt"));
                }
                await Eventually.GetAsync(() => admin.PostAsJsonAsync("api/v1/ota/campaigns?dryRun=true", Body(package, devices))
                        .ContinueWith(t => t.Result.Content.ReadFromJsonAsync<JsonElement>()).Unwrap(),
                    preview => preview.GetProperty("targets").GetArrayLength() == 6);
                var response = await admin.PostAsJsonAsync("api/v1/ota/campaigns", Body(package, devices));
                campaign = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
                await Eventually.TrueAsync(() => devices.Take(3).All(d => d.Informs.Count == 1), "the first batch is informed");
                await app.KillAsync();
            }

            await using var restarted = await ChildAppProcess.StartAsync(dataPath);
            using var again = await restarted.SignInAsync();
            foreach (var d in devices)
            {
                await Eventually.TrueAsync(() => !d.Connected, "the killed broker's connection is gone");
                await d.ConnectAsync(restarted.Port("mqtt"));
            }
            // The campaign is back from SQLite, still in its first batch, and nothing was informed again.
            var resumed = await Eventually.GetAsync(() => again.GetFromJsonAsync<JsonElement>($"api/v1/ota/campaigns/{campaign}"),
                c => c.GetProperty("state").GetString() == "running" && OtaRig.Count(c, "informed") == 3, TimeSpan.FromSeconds(20));
            Assert.Equal(3, OtaRig.Count(resumed, "planned"));
            foreach (var d in devices.Take(3))
            {
                await d.ReportAsync("0");
                await d.ReportAsync("100");
                await d.ReportVersionAsync("2.0");
            }
            var done = await Eventually.GetAsync(() => again.GetFromJsonAsync<JsonElement>($"api/v1/ota/campaigns/{campaign}"),
                c => c.GetProperty("state").GetString() == "completed", TimeSpan.FromSeconds(30));
            Assert.Equal(6, OtaRig.Count(done, "succeeded"));
            Assert.All(devices, d => Assert.Single(d.Informs));
            Assert.Equal(6, devices.Select(d => d.Informs[0].GetProperty("id").GetString()).Distinct().Count());
            var rows = (await again.GetFromJsonAsync<JsonElement>($"api/v1/ota/campaigns/{campaign}/devices")).EnumerateArray().ToList();
            Assert.All(rows, r => Assert.Equal(1, r.GetProperty("attempts").GetInt32()));
            foreach (var state in new[] { "planned", "queued", "informed", "succeeded", "failed", "cancelled", "skipped" })
            {
                var counted = OtaRig.Count(done, state == "timed_out" ? "timedOut" : state);
                Assert.Equal(rows.Count(r => r.GetProperty("state").GetString() == state), counted);
            }
        }
        finally
        {
            foreach (var d in devices) await d.DisposeAsync();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static object Body(JsonElement package, List<OtaSimDevice> devices) => new
    {
        name = "kill -9",
        packageId = package.GetProperty("id").GetInt64(),
        targets = new { deviceIds = devices.Select(d => d.DeviceId).ToArray() },
        rollout = new { batches = new object[] { 3, 3 } },
    };
}
