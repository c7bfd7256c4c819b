using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NovaConsole.Devices;
using NovaConsole.Security;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>
/// The authenticator built by hand over the real app's registry and credential cache, with a clock the test moves.
/// </summary>
public sealed class DeviceAuthenticatorTests : IAsyncLifetime
{
    private static readonly DevicesOptions Options = new()
    {
        FailureThreshold = 5, FailureWindowSeconds = 60, InitialBackoffSeconds = 30, MaxBackoffSeconds = 300,
    };

    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private AppHost host = null!;
    private DeviceRegistry registry = null!;
    private DeviceAuthenticator authenticator = null!;

    public async Task InitializeAsync()
    {
        host = await AppHost.StartAsync();
        registry = host.Services.GetRequiredService<DeviceRegistry>();
        authenticator = new DeviceAuthenticator(
            host.Services.GetRequiredService<DeviceCredentialCache>(),
            new DeviceAuthThrottle(Microsoft.Extensions.Options.Options.Create(Options), clock),
            host.Services.GetRequiredService<SecretHasher>(),
            NullLogger<DeviceAuthenticator>.Instance);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<string> CreateAsync(string deviceId) =>
        (await registry.CreateAsync(deviceId, new DeviceDraft(deviceId))).Value!.Key;

    private ValueTask<DeviceAuthResult> AuthAsync(string? id, string? key, string? address = "10.0.0.1") =>
        authenticator.AuthenticateAsync(id, key, address, CancellationToken.None);

    [Fact]
    public async Task The_right_key_succeeds_and_returns_the_canonical_device_id()
    {
        var key = await CreateAsync("Sensor-A");

        var result = await AuthAsync("sensor-a", key);

        Assert.Equal(DeviceAuthStatus.Succeeded, result.Status);
        Assert.Equal("Sensor-A", result.DeviceId);
    }

    [Fact]
    public async Task Unknown_device_and_wrong_key_give_the_same_outward_answer()
    {
        var key = await CreateAsync("known");

        var unknown = await AuthAsync("unknown", key);
        var wrong = await AuthAsync("known", key + "x");
        var empty = await AuthAsync(null, null);

        Assert.Equal(DeviceAuthStatus.UnknownDevice, unknown.Status);
        Assert.Equal(DeviceAuthStatus.WrongKey, wrong.Status);
        Assert.Equal(DeviceAuthStatus.UnknownDevice, empty.Status);
        Assert.Equal("bad credentials", unknown.PublicMessage);
        Assert.Equal(unknown.PublicMessage, wrong.PublicMessage);
    }

    [Fact]
    public async Task After_a_key_reset_the_old_key_fails_and_the_new_one_succeeds()
    {
        var oldKey = await CreateAsync("rotate-me");
        Assert.True((await AuthAsync("rotate-me", oldKey)).Succeeded);

        var newKey = (await registry.ResetKeyAsync("rotate-me")).Value!.Key;

        Assert.Equal(DeviceAuthStatus.WrongKey, (await AuthAsync("rotate-me", oldKey)).Status);
        Assert.Equal(DeviceAuthStatus.Succeeded, (await AuthAsync("rotate-me", newKey)).Status);
    }

    [Fact]
    public async Task A_disabled_device_gets_Disabled_and_works_again_once_enabled()
    {
        var key = await CreateAsync("switchable");
        Assert.True((await AuthAsync("switchable", key)).Succeeded);

        await registry.SetEnabledAsync("switchable", false);
        var disabled = await AuthAsync("switchable", key);
        await registry.SetEnabledAsync("switchable", true);
        var enabled = await AuthAsync("switchable", key);

        Assert.Equal(DeviceAuthStatus.Disabled, disabled.Status);
        Assert.Equal(DeviceAuthStatus.Succeeded, enabled.Status);
    }

    [Fact]
    public async Task A_deleted_device_is_unknown_at_once()
    {
        var key = await CreateAsync("short-lived");
        Assert.True((await AuthAsync("short-lived", key)).Succeeded);

        await registry.DeleteAsync("short-lived");

        Assert.Equal(DeviceAuthStatus.UnknownDevice, (await AuthAsync("short-lived", key)).Status);
    }

    [Fact]
    public async Task An_address_guessing_device_ids_is_throttled_for_unknown_ids_and_the_back_off_lifts()
    {
        var key = await CreateAsync("target");
        for (var i = 0; i < Options.FailureThreshold; i++)
        {
            Assert.Equal(DeviceAuthStatus.UnknownDevice, (await AuthAsync("guess-" + i, "nope", "203.0.113.9")).Status);
        }

        var blocked = await AuthAsync("guess-x", "nope", "203.0.113.9");
        var otherAddress = await AuthAsync("guess-y", "nope", "203.0.113.10");
        var realDevice = await AuthAsync("target", key, "203.0.113.9");
        clock.Advance(TimeSpan.FromSeconds(Options.InitialBackoffSeconds - 1));
        var stillBlocked = await AuthAsync("guess-x", "nope", "203.0.113.9");
        clock.Advance(TimeSpan.FromSeconds(1));
        var lifted = await AuthAsync("guess-x", "nope", "203.0.113.9");

        Assert.Equal(DeviceAuthStatus.Throttled, blocked.Status);
        Assert.Equal(TimeSpan.FromSeconds(Options.InitialBackoffSeconds), blocked.RetryAfter);
        Assert.Equal(DeviceAuthStatus.UnknownDevice, otherAddress.Status);
        Assert.True(realDevice.Succeeded);
        Assert.Equal(DeviceAuthStatus.Throttled, stillBlocked.Status);
        Assert.Equal(DeviceAuthStatus.UnknownDevice, lifted.Status);
    }

    [Fact]
    public async Task One_misconfigured_device_behind_a_shared_address_never_locks_out_the_other_devices_there()
    {
        var brokenKey = await CreateAsync("broken");
        var healthyKey = await CreateAsync("healthy");
        for (var i = 0; i < Options.FailureThreshold * 3; i++)
        {
            await AuthAsync("broken", "stale-key", "198.51.100.7");
        }

        var brokenAgain = await AuthAsync("broken", "stale-key", "198.51.100.7");
        var healthy = await AuthAsync("healthy", healthyKey, "198.51.100.7");
        var healthyWrongOnce = await AuthAsync("healthy", "typo", "198.51.100.7");
        var brokenFixed = await AuthAsync("broken", brokenKey, "198.51.100.7");

        Assert.Equal(DeviceAuthStatus.Throttled, brokenAgain.Status);
        Assert.True(healthy.Succeeded);
        Assert.Equal(DeviceAuthStatus.WrongKey, healthyWrongOnce.Status);
        Assert.True(brokenFixed.Succeeded);
    }

    [Fact]
    public async Task The_back_off_doubles_on_repeat_and_is_capped()
    {
        var waits = new List<TimeSpan>();
        for (var round = 0; round < 6; round++)
        {
            for (var i = 0; i < Options.FailureThreshold; i++) await AuthAsync("nobody", "x", "198.51.100.1");
            var blocked = await AuthAsync("nobody", "x", "198.51.100.1");
            Assert.Equal(DeviceAuthStatus.Throttled, blocked.Status);
            waits.Add(blocked.RetryAfter!.Value);
            clock.Advance(blocked.RetryAfter.Value);
        }

        Assert.Equal([30, 60, 120, 240, 300, 300], waits.Select(w => (int)w.TotalSeconds));
    }

    [Fact]
    public async Task A_quiet_period_after_the_cap_starts_the_back_off_from_the_beginning()
    {
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < Options.FailureThreshold; i++) await AuthAsync("nobody", "x", "198.51.100.2");
            clock.Advance(TimeSpan.FromMinutes(5));
        }
        clock.Advance(TimeSpan.FromMinutes(10));

        for (var i = 0; i < Options.FailureThreshold; i++) await AuthAsync("nobody", "x", "198.51.100.2");
        var blocked = await AuthAsync("nobody", "x", "198.51.100.2");

        Assert.Equal(TimeSpan.FromSeconds(Options.InitialBackoffSeconds), blocked.RetryAfter);
    }

    [Fact]
    public async Task A_device_id_under_attack_refuses_wrong_keys_but_still_admits_the_real_device()
    {
        var key = await CreateAsync("popular");
        for (var i = 0; i < Options.FailureThreshold; i++)
        {
            // A different address each time: the address throttle never trips, the device id's does.
            Assert.Equal(DeviceAuthStatus.WrongKey, (await AuthAsync("popular", "guess", $"192.0.2.{i}")).Status);
        }

        var guess = await AuthAsync("popular", "guess", "192.0.2.200");
        var real = await AuthAsync("popular", key, "192.0.2.201");

        Assert.Equal(DeviceAuthStatus.Throttled, guess.Status);
        Assert.True(real.Succeeded);
    }

    [Fact]
    public async Task A_success_clears_the_failures_of_its_address()
    {
        var key = await CreateAsync("flaky");
        for (var i = 0; i < Options.FailureThreshold - 1; i++) await AuthAsync("flaky", "wrong");
        Assert.True((await AuthAsync("flaky", key)).Succeeded);

        for (var i = 0; i < Options.FailureThreshold - 1; i++) await AuthAsync("flaky", "wrong");
        var next = await AuthAsync("flaky", key);

        Assert.True(next.Succeeded);
    }

    [Fact]
    public async Task Many_devices_authenticating_at_once_all_succeed()
    {
        var keys = new Dictionary<string, string>();
        for (var i = 0; i < 50; i++) keys[$"storm-{i}"] = await CreateAsync($"storm-{i}");

        var results = await Task.WhenAll(keys.Select(k => AuthAsync(k.Key, k.Value, null).AsTask()));

        Assert.All(results, r => Assert.True(r.Succeeded));
    }
}
