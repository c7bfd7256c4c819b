using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Ota;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>The app with an administrator, plus what OTA tests need: packages, devices, simulated devices, campaigns.</summary>
internal sealed class OtaRig : IAsyncDisposable
{
    private readonly List<OtaSimDevice> _devices = [];

    private OtaRig(AppHost host, HttpClient admin)
    {
        Host = host;
        Admin = admin;
    }

    public AppHost Host { get; }
    public HttpClient Admin { get; }
    public OtaEngine Engine => Host.Services.GetRequiredService<OtaEngine>();
    public int MqttPort => Host.Listener("mqtt").Port;

    public static async Task<OtaRig> StartAsync(params string[] args)
    {
        var host = await AppHost.StartWithAdminAsync(args);
        return new OtaRig(host, await host.CreateSignedInClientAsync());
    }

    /// <summary>A manual clock for the OTA engine only (the rest of the app keeps real time).</summary>
    public ManualTimeProvider UseManualClock()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        Host.Services.GetRequiredService<OtaClock>().Time = clock;
        return clock;
    }

    public static MultipartFormDataContent PackageForm(byte[] file, string version = "2.0", string signMethod = "MD5", string module = "MCU",
        string? extData = null, string? fromVersion = null, string name = "Firmware")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new StringContent(version), "version" },
            { new StringContent(module), "module" },
            { new StringContent(signMethod), "signMethod" },
        };
        if (extData is not null) form.Add(new StringContent(extData), "extData");
        if (fromVersion is not null) form.Add(new StringContent(fromVersion), "fromVersion");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", "firmware.bin");
        return form;
    }

    public async Task<JsonElement> UploadAsync(byte[] file, string version = "2.0", string signMethod = "MD5", string module = "MCU", string? extData = null)
    {
        var response = await Admin.PostAsync("api/v1/ota/packages", PackageForm(file, version, signMethod, module, extData));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Registers a device and connects a simulated device for it, subscribed to its inform topic.</summary>
    public async Task<OtaSimDevice> ConnectDeviceAsync(string version = "1.0", string spelling = "inform")
    {
        var response = await Admin.PostAsJsonAsync("api/v1/devices", new { name = "OTA device" });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var device = new OtaSimDevice(created.GetProperty("deviceId").GetString()!, created.GetProperty("key").GetString()!, version);
        _devices.Add(device);
        await device.ConnectAsync(MqttPort, spelling);
        await device.ReportVersionAsync(version);
        var factory = Host.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<NovaConsole.Data.NovaDbContext>>();
        await Eventually.TrueAsync(() =>
        {
            using var db = factory.CreateDbContext();
            return db.OtaListeners.Any(l => l.DeviceId == device.DeviceId);
        }, "the device's inform subscription is recorded");
        await Eventually.GetAsync(async () => (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{device.DeviceId}")).ToString(),
            text => text.Contains($"\"{version}\"", StringComparison.Ordinal));
        return device;
    }

    public async Task<long> CreateCampaignAsync(object body)
    {
        var response = await Admin.PostAsJsonAsync("api/v1/ota/campaigns", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public Task<JsonElement> CampaignAsync(long id) => Admin.GetFromJsonAsync<JsonElement>($"api/v1/ota/campaigns/{id}");

    public Task<JsonElement> CampaignWhenAsync(long id, Func<JsonElement, bool> done, TimeSpan? timeout = null) =>
        Eventually.GetAsync(() => CampaignAsync(id), done, timeout ?? TimeSpan.FromSeconds(30));

    public async Task<JsonElement[]> DevicesAsync(long id) =>
        (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/ota/campaigns/{id}/devices?take=1000")).EnumerateArray().ToArray();

    /// <summary>
    /// For the console's role-check tests: a Viewer account, devices with a recorded inform subscription (no simulated
    /// device), a package and a campaign over them scheduled for tomorrow. Returns the campaign's id.
    /// </summary>
    public static async Task<long> ViewerAndScheduledCampaignAsync(AppHost host, string viewer, string campaign, string deviceName, params string[] deviceIds)
    {
        using var admin = await host.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("api/v1/users", new { username = viewer, password = "viewer-passphrase", role = "Viewer" })).EnsureSuccessStatusCode();
        foreach (var d in deviceIds)
        {
            (await admin.PostAsJsonAsync("api/v1/devices", new { deviceId = d, name = deviceName })).EnsureSuccessStatusCode();
            await host.Services.GetRequiredService<OtaListeners>().SubscribedAsync(d, $"ota/devices/inform/{d}");
        }
        var upload = await admin.PostAsync("api/v1/ota/packages", PackageForm(System.Text.Encoding.ASCII.GetBytes("firmware")));
        var package = await upload.Content.ReadFromJsonAsync<JsonElement>();
        var created = await admin.PostAsJsonAsync("api/v1/ota/campaigns", new
        {
            name = campaign, packageId = package.GetProperty("id").GetInt64(), targets = new { deviceIds },
            startAt = DateTimeOffset.UtcNow.AddDays(1),
        });
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static int Count(JsonElement campaign, string name) => campaign.GetProperty("counts").GetProperty(name).GetInt32();

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _devices) await d.DisposeAsync();
        Admin.Dispose();
        await Host.DisposeAsync();
    }
}
