using System.Globalization;

namespace NovaConsole.Tests.Mqtt.Broker.EndToEnd;

/// <summary>Debian's mosquitto_pub / mosquitto_sub against the broker behind a real Kestrel socket.</summary>
[Trait("Needs", "mosquitto")]
public sealed class MosquittoClientTests
{
    private const string Pub = "/usr/bin/mosquitto_pub";
    private const string Sub = "/usr/bin/mosquitto_sub";

    // mosquitto_sub block-buffers a piped stdout, so "Subscribed" would only show at exit; stdbuf makes it line-buffered.
    private const string Stdbuf = "/usr/bin/stdbuf";

    [Fact]
    public async Task Mosquitto_sub_receives_a_retained_qos1_message_published_by_mosquitto_pub()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var port = host.Port.ToString(CultureInfo.InvariantCulture);

        await PeerProcess.RunAsync(Pub, "-h", "127.0.0.1", "-p", port, "-t", "a/b", "-m", "retained-hello", "-q", "1", "-r");
        var lines = await PeerProcess.RunAsync(Sub, "-h", "127.0.0.1", "-p", port, "-t", "a/#", "-C", "1", "-W", "10", "-q", "1", "-v");

        Assert.Contains("a/b retained-hello", lines);
    }

    [Theory]
    [InlineData("mqttv311", "1")]
    [InlineData("mqttv311", "2")]
    [InlineData("mqttv31", "2")]
    public async Task Live_messages_reach_a_subscribed_mosquitto_sub(string protocol, string qos)
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var port = host.Port.ToString(CultureInfo.InvariantCulture);
        await using var sub = PeerProcess.Start(Stdbuf, "-oL", Sub, "-h", "127.0.0.1", "-p", port, "-V", protocol, "-i", "e2e-sub", "-t", "live/#", "-q", qos, "-v", "-d", "-C", "1", "-W", "15");
        await sub.WaitForLineAsync(line => line.StartsWith("Subscribed", StringComparison.Ordinal));

        await PeerProcess.RunAsync(Pub, "-h", "127.0.0.1", "-p", port, "-V", protocol, "-i", "e2e-pub", "-t", "live/x", "-m", "hello", "-q", qos);

        await sub.WaitForLineAsync(line => line == "live/x hello");
        await sub.ReadToEndAsync();
    }

    [Fact]
    public async Task A_killed_mosquitto_sub_has_its_will_published()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var port = host.Port.ToString(CultureInfo.InvariantCulture);
        await using var watcher = PeerProcess.Start(Stdbuf, "-oL", Sub, "-h", "127.0.0.1", "-p", port, "-t", "wills/#", "-v", "-d", "-C", "1", "-W", "15");
        await watcher.WaitForLineAsync(line => line.StartsWith("Subscribed", StringComparison.Ordinal));

        var dying = PeerProcess.Start(Stdbuf, "-oL", Sub, "-h", "127.0.0.1", "-p", port, "-i", "dying", "-t", "nothing", "-d",
            "--will-topic", "wills/dying", "--will-payload", "gone", "--will-qos", "1");
        await dying.WaitForLineAsync(line => line.StartsWith("Subscribed", StringComparison.Ordinal));
        await dying.DisposeAsync(); // kill: no DISCONNECT

        await watcher.WaitForLineAsync(line => line == "wills/dying gone");
    }

    [Fact]
    public async Task Mosquitto_sub_can_read_sys_topics()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var port = host.Port.ToString(CultureInfo.InvariantCulture);
        var lines = await PeerProcess.RunAsync(Sub, "-h", "127.0.0.1", "-p", port, "-t", "$SYS/broker/version", "-C", "1", "-W", "10", "-v");
        Assert.Contains(lines, l => l.StartsWith("$SYS/broker/version NovaConsole", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mosquitto_pub_is_refused_with_credentials_the_default_hooks_cannot_check()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var port = host.Port.ToString(CultureInfo.InvariantCulture);
        await using var pub = PeerProcess.Start(Pub, "-h", "127.0.0.1", "-p", port, "-t", "x", "-m", "y", "-u", "user", "-P", "secret");
        var lines = await pub.ReadToEndAsync();
        Assert.Contains(lines, l => l.Contains("not authorised", StringComparison.OrdinalIgnoreCase) || l.Contains("bad user name or password", StringComparison.OrdinalIgnoreCase));
    }
}
