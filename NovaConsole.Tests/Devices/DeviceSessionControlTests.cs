using NovaConsole.Devices.Presence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NovaConsole.Data;
using NovaConsole.Devices;
using NovaConsole.Security;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>The registry built by hand over the real app's database, with recording transports.</summary>
public sealed class DeviceSessionControlTests : IAsyncLifetime
{
    private readonly RecordingSessionControl mqtt = new();
    private readonly RecordingSessionControl tcp = new();
    private AppHost host = null!;
    private DeviceRegistry registry = null!;

    public async Task InitializeAsync()
    {
        host = await AppHost.StartAsync();
        registry = new DeviceRegistry(
            host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>(),
            host.Services.GetRequiredService<SecretHasher>(),
            host.Services.GetRequiredService<DeviceCredentialCache>(),
            [mqtt, new FailingSessionControl(), tcp],
            host.Services.GetRequiredService<IDevicePresence>(),
            TimeProvider.System,
            NullLogger<DeviceRegistry>.Instance);
        foreach (var id in new[] { "Dev-1", "dev-2", "dev-3" }) await registry.CreateAsync(id, new DeviceDraft(id));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_key_reset_closes_the_sessions_on_every_transport_even_when_one_fails()
    {
        await registry.ResetKeyAsync("DEV-1");

        Assert.Equal([("Dev-1", "device key reset")], mqtt.Calls);
        Assert.Equal(mqtt.Calls, tcp.Calls);
    }

    [Fact]
    public async Task Disabling_and_deleting_close_sessions_but_enabling_and_editing_do_not()
    {
        await registry.SetEnabledAsync("dev-2", false);
        await registry.SetEnabledAsync("dev-2", true);
        await registry.UpdateAsync("dev-2", new DeviceDraft("Renamed"));
        await registry.BulkAsync(BulkAction.Delete, ["dev-3", "missing"]);

        Assert.Equal([("dev-2", "device disabled"), ("dev-3", "device deleted")], mqtt.Calls);
        Assert.Equal(mqtt.Calls, tcp.Calls);
    }

    [Fact]
    public async Task Creating_a_device_closes_nothing()
    {
        await registry.CreateAsync(null, new DeviceDraft("Fresh"));

        Assert.Empty(mqtt.Calls);
    }

    private sealed class RecordingSessionControl : IDeviceSessionControl
    {
        public List<(string DeviceId, string Reason)> Calls { get; } = [];

        public Task DisconnectAsync(string deviceId, string reason, CancellationToken cancellationToken)
        {
            lock (Calls) Calls.Add((deviceId, reason));
            return Task.CompletedTask;
        }
    }

    private sealed class FailingSessionControl : IDeviceSessionControl
    {
        public Task DisconnectAsync(string deviceId, string reason, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("transport is down");
    }
}
