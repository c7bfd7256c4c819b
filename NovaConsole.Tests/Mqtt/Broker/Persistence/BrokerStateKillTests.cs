using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Persistence;

/// <summary>
/// The real executable killed with SIGKILL and started again on the same data folder: what the broker acknowledged
/// (a retained message, a QoS 1 message queued for a persistent session whose client was away) is delivered after.
/// </summary>
[Trait("Needs", "mosquitto")]
public sealed class BrokerStateKillTests
{
    private static readonly string[] Anonymous = ["--Mqtt:AllowAnonymous=true"];

    private static async Task<string> RunAsync(string tool, ChildAppProcess app, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(tool, ["-h", "127.0.0.1", "-p", app.Port("mqtt").ToString(), .. arguments], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Output} {result.Error}");
        return result.Output.Trim();
    }

    [Fact]
    public async Task After_a_kill_a_retained_message_and_a_persistent_sessions_queued_qos1_message_are_delivered()
    {
        var dataPath = Directory.CreateTempSubdirectory("novaconsole-broker-kill-").FullName;
        try
        {
            await using (var first = await ChildAppProcess.StartAsync(dataPath, Anonymous))
            {
                // A persistent session (clean session off) subscribes at QoS 1 and leaves once SUBACK came (-E).
                await RunAsync("mosquitto_sub", first, "-c", "-i", "kill-probe", "-q", "1", "-t", "kill/cmd", "-E");

                // Each returns after its PUBACK, which the broker sends once the message is committed to its state file.
                await RunAsync("mosquitto_pub", first, "-q", "1", "-r", "-t", "kill/status", "-m", "retained-before-kill");
                await RunAsync("mosquitto_pub", first, "-q", "1", "-t", "kill/cmd", "-m", "queued-while-away");

                await first.KillAsync();
            }

            await using var second = await ChildAppProcess.StartAsync(dataPath, Anonymous);
            var queued = await RunAsync("mosquitto_sub", second, "-c", "-i", "kill-probe", "-q", "1", "-t", "kill/cmd", "-C", "1", "-W", "20");
            Assert.Equal("queued-while-away", queued);

            var retained = await RunAsync("mosquitto_sub", second, "-i", "kill-reader", "-t", "kill/status", "-C", "1", "-W", "20");
            Assert.Equal("retained-before-kill", retained);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
