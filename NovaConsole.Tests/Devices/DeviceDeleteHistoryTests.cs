using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices;
using NovaConsole.Devices.Presence;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>A deleted device takes its history with it: one created again with the same id starts empty.</summary>
public sealed class DeviceDeleteHistoryTests : SignedInAppTests
{
    private T Service<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    private async Task<string> CreateAsync(string deviceId)
    {
        (await Admin.PostAsJsonAsync("api/v1/devices", new { deviceId, name = "Boiler" })).EnsureSuccessStatusCode();
        return deviceId;
    }

    private async Task<int> CountAsync(string path) => (await Admin.GetFromJsonAsync<JsonElement>(path)).GetArrayLength();

    [Fact]
    public async Task A_device_created_again_with_the_same_id_has_no_telemetry_attributes_events_or_status_history()
    {
        var deviceId = await CreateAsync("BOILER-1");
        await Service<TelemetryIngest>().StoreAsync(new TelemetryMessage(deviceId, DateTimeOffset.UtcNow,
            [new TelemetryReading("temperature", TelemetryValue.FromNumber(71.5))]), CancellationToken.None);
        Assert.Null(await Service<DeviceAttributes>().MergeAsync(deviceId, JsonDocument.Parse("""{"ip":"10.1.1.1"}""").RootElement, CancellationToken.None));
        Assert.Null(await Service<DeviceEvents>().AddAsync(deviceId, "Overheat", null, CancellationToken.None));
        Service<DevicePresence>().SessionOpened(deviceId, "s-1", "mqtt", "127.0.0.1");
        Service<DevicePresence>().SessionClosed(deviceId, "s-1", "test");
        await Eventually.GetAsync(() => CountAsync($"api/v1/devices/{deviceId}/status-history"), n => n == 2);
        Assert.Equal(1, await CountAsync($"api/v1/devices/{deviceId}/telemetry/latest"));

        (await Admin.DeleteAsync($"api/v1/devices/{deviceId}")).EnsureSuccessStatusCode();
        await CreateAsync("boiler-1");   // the same id, in other letters: ids are unique without regard to case

        Assert.Equal(0, await CountAsync("api/v1/devices/boiler-1/telemetry/latest"));
        Assert.Equal(0, await CountAsync("api/v1/devices/boiler-1/telemetry/temperature/raw?range=24h"));
        Assert.Equal(0, await CountAsync("api/v1/devices/boiler-1/attributes"));
        Assert.Equal(0, await CountAsync("api/v1/devices/boiler-1/events"));
        Assert.Equal(0, await CountAsync("api/v1/devices/boiler-1/status-history"));
        var device = await Admin.GetFromJsonAsync<JsonElement>("api/v1/devices/boiler-1");
        Assert.Equal(JsonValueKind.Null, device.GetProperty("lastSeenUtc").ValueKind);
    }

    [Fact]
    public async Task New_telemetry_of_a_device_created_again_is_stored_under_a_fresh_series()
    {
        var deviceId = await CreateAsync("PUMP-9");
        var ingest = Service<TelemetryIngest>();
        await ingest.StoreAsync(new TelemetryMessage(deviceId, DateTimeOffset.UtcNow, [new TelemetryReading("flow", TelemetryValue.FromNumber(1))]), CancellationToken.None);

        (await Admin.DeleteAsync($"api/v1/devices/{deviceId}")).EnsureSuccessStatusCode();
        await CreateAsync(deviceId);
        // The writer caches series ids: a stale one would put this point under the deleted series, where no read finds it.
        await ingest.StoreAsync(new TelemetryMessage(deviceId, DateTimeOffset.UtcNow, [new TelemetryReading("flow", TelemetryValue.FromNumber(2))]), CancellationToken.None);

        var raw = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}/telemetry/flow/raw?range=1h");
        Assert.Equal(2, Assert.Single(raw.EnumerateArray()).GetProperty("value").GetDouble());
    }
}
