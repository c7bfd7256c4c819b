using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Traffic;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Mqtt;

/// <summary>
/// A device's retained message refused by a retained-message limit shows in its live messages, like the other
/// refusals (where anonymous rules make its upload topics readable, so retaining there is allowed at all).
/// </summary>
[Trait("Needs", "mosquitto")]
public sealed class RetainLimitRefusalTests : SignedInAppTests
{
    protected override string[] AppArguments =>
    [
        "--Mqtt:AllowAnonymous=true", "--Mqtt:AnonymousRules:0:Action=allow", "--Mqtt:AnonymousRules:0:Operation=subscribe",
        "--Mqtt:AnonymousRules:0:Filter=devices/#", "--Mqtt:MaxRetainedMessagesPerClient=1",
    ];

    private Task<ProcessResult> PublishRetainedAsync(string deviceId, string key, string topic) =>
        ProcessRunner.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Host.Listener("mqtt").Port.ToString(), "-u", deviceId, "-P", key,
            "-i", $"device_{deviceId}", "-q", "1", "-r", "-t", topic, "-m", """{"version":"1.0"}"""]);

    [Fact]
    public async Task A_retained_message_over_the_per_client_limit_is_shown_as_refused_in_the_live_messages()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var entries = new List<TrafficEntry>();
        using var watch = Host.Services.GetRequiredService<DeviceTraffic>().Watch(deviceId, e => { lock (entries) entries.Add(e); }, out _);

        Assert.Equal(0, (await PublishRetainedAsync(deviceId, key, "devices/attributes/1000001")).ExitCode);
        Assert.Equal(0, (await PublishRetainedAsync(deviceId, key, "devices/attributes/1000002")).ExitCode);

        await Eventually.TrueAsync(() =>
        {
            lock (entries)
            {
                return entries.Any(e => e.Direction == TrafficDirection.Refused && e.Channel == "devices/attributes/1000002"
                    && e.Text.Contains("retain refused", StringComparison.Ordinal) && e.Text.Contains("Mqtt:MaxRetainedMessagesPerClient", StringComparison.Ordinal));
            }
        }, "the live messages show the refused retain");
        lock (entries) Assert.DoesNotContain(entries, e => e.Direction == TrafficDirection.Refused && e.Channel == "devices/attributes/1000001");
    }
}
