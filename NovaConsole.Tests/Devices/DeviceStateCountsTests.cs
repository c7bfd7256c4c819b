using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>The dashboard's devices by state: each device counted once, as online, offline, never seen or disabled.</summary>
public sealed class DeviceStateCountsTests
{
    [Fact]
    public async Task Every_device_falls_in_exactly_one_state()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        using var admin = await host.CreateSignedInClientAsync();
        foreach (var id in new[] { "s1", "s2", "s3", "s4" })
        {
            (await admin.PostAsJsonAsync("api/v1/devices", new { deviceId = id, name = id })).EnsureSuccessStatusCode();
        }
        (await admin.PostAsync("api/v1/devices/s4/disable", null)).EnsureSuccessStatusCode();
        var registry = host.Services.GetRequiredService<DeviceRegistry>();

        Assert.Equal(new DeviceStateCounts(Total: 4, Online: 0, Offline: 0, NeverSeen: 3, Disabled: 1), await registry.CountByStateAsync(onlineNow: 0));
        // One of the never-seen devices connects (presence knows before its last-seen time is written).
        Assert.Equal(new DeviceStateCounts(Total: 4, Online: 1, Offline: 0, NeverSeen: 2, Disabled: 1), await registry.CountByStateAsync(onlineNow: 1));
        // Presence can never push the sum past the registry.
        Assert.Equal(new DeviceStateCounts(Total: 4, Online: 3, Offline: 0, NeverSeen: 0, Disabled: 1), await registry.CountByStateAsync(onlineNow: 9));
    }
}
