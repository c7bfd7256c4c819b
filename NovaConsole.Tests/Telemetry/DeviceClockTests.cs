using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Traffic;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Telemetry;

/// <summary>
/// Seed 004 §2.4: a device timestamp outside the plausibility window is replaced by the receive time, but never
/// silently: the device's clock offset is recorded and shown with the device and in its live messages.
/// </summary>
public sealed class DeviceClockTests : SignedInAppTests
{
    // The seed's own example timestamp (2022-04-29).
    private const long SeedTimestamp = 1651234567;

    private Task<ProcessResult> PublishAsync(string deviceId, string key, long timestamp) =>
        ProcessRunner.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Host.Listener("mqtt").Port.ToString(), "-u", deviceId, "-P", key,
            "-i", $"device_{deviceId}", "-q", "1", "-t", $"novacloud/devices/{deviceId}/data",
            "-m", $$$"""{"timestamp":{{{timestamp}}},"device_id":"{{{deviceId}}}","temperature":25.5,"humidity":60.0}"""]);

    [Fact]
    public async Task The_seeds_example_timestamp_is_replaced_by_the_receive_time_and_the_device_clock_offset_is_recorded_and_shown()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var notes = new List<TrafficEntry>();
        using var watch = Host.Services.GetRequiredService<DeviceTraffic>().Watch(deviceId, e => { lock (notes) notes.Add(e); }, out _);
        var before = DateTimeOffset.UtcNow;

        Assert.Equal(0, (await PublishAsync(deviceId, key, SeedTimestamp)).ExitCode);

        var latest = await Eventually.GetAsync(() => Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest"), l => l!.Count == 2);
        Assert.All(latest!, v => Assert.True(v.GetProperty("at").GetDateTimeOffset() >= before.AddSeconds(-1), "stored at the receive time"));

        var device = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}");
        var clock = device.GetProperty("deviceClock");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(SeedTimestamp), clock.GetProperty("deviceTime").GetDateTimeOffset());
        var expected = (DateTimeOffset.FromUnixTimeSeconds(SeedTimestamp) - before).TotalSeconds;
        Assert.InRange(clock.GetProperty("offsetSeconds").GetDouble(), expected - 120, expected + 1);
        Assert.StartsWith("device clock off by", clock.GetProperty("summary").GetString());

        await Eventually.TrueAsync(() => { lock (notes) return notes.Any(n => n.Text.Contains("device clock off by", StringComparison.Ordinal)); },
            "the live messages say the device clock is off");
    }

    [Fact]
    public async Task A_plausible_device_timestamp_is_kept_and_no_clock_offset_is_shown()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var at = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds();

        Assert.Equal(0, (await PublishAsync(deviceId, key, at)).ExitCode);

        var latest = await Eventually.GetAsync(() => Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest"), l => l!.Count == 2);
        Assert.All(latest!, v => Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(at), v.GetProperty("at").GetDateTimeOffset()));
        var device = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}");
        Assert.Equal(JsonValueKind.Null, device.GetProperty("deviceClock").ValueKind);
    }
}

/// <summary>The plausibility window is a setting: widened, the seed's 2022 timestamp is believed and kept.</summary>
public sealed class WideClockWindowTests : SignedInAppTests
{
    protected override string[] AppArguments => ["--Telemetry:MaxTimestampAgeDays=36500"];

    [Fact]
    public async Task With_a_wide_window_the_seeds_example_timestamp_is_kept()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var result = await ProcessRunner.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Host.Listener("mqtt").Port.ToString(), "-u", deviceId, "-P", key,
            "-i", $"device_{deviceId}", "-q", "1", "-t", $"novacloud/devices/{deviceId}/data", "-m", """{"timestamp":1651234567,"temperature":25.5}"""]);
        Assert.Equal(0, result.ExitCode);

        var latest = await Eventually.GetAsync(() => Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest"), l => l!.Count == 1);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1651234567), latest![0].GetProperty("at").GetDateTimeOffset());
    }
}
