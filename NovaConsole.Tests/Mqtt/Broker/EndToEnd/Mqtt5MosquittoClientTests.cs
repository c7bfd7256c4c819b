using System.Globalization;

namespace NovaConsole.Tests.Mqtt.Broker.EndToEnd;

/// <summary>
/// mosquitto_pub / mosquitto_sub speaking MQTT 5 (-V 5) to the broker behind a real Kestrel socket. Test names end
/// with the normative statement they exercise (MQTT_3_3_2_17 is [MQTT-3.3.2-17]).
/// </summary>
[Trait("Needs", "mosquitto")]
public sealed class Mqtt5MosquittoClientTests
{
    private const string Pub = "/usr/bin/mosquitto_pub";
    private const string Sub = "/usr/bin/mosquitto_sub";
    private const string Stdbuf = "/usr/bin/stdbuf";

    [Fact]
    public async Task Mosquitto_v5_publish_properties_reach_a_v5_subscriber_MQTT_3_3_2_17()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var port = host.Port.ToString(CultureInfo.InvariantCulture);
        await using var sub = PeerProcess.Start(Stdbuf, "-oL", Sub, "-h", "127.0.0.1", "-p", port, "-V", "5", "-t", "v5/#", "-q", "1",
            "-d", "-C", "1", "-W", "15", "-F", "MSG %t %p ct=%C rt=%R up=%P exp=%E pfi=%F");
        await sub.WaitForLineAsync(line => line.StartsWith("Subscribed", StringComparison.Ordinal));

        await PeerProcess.RunAsync(Pub, "-h", "127.0.0.1", "-p", port, "-V", "5", "-t", "v5/x", "-m", "hello", "-q", "1",
            "-D", "publish", "content-type", "text/plain", "-D", "publish", "response-topic", "r/1",
            "-D", "publish", "user-property", "k", "v", "-D", "publish", "message-expiry-interval", "30",
            "-D", "publish", "payload-format-indicator", "1");

        await sub.WaitForLineAsync(line => line == "MSG v5/x hello ct=text/plain rt=r/1 up=k:v exp=30 pfi=1");
        await sub.ReadToEndAsync();
    }

    [Fact]
    public async Task Mosquitto_v5_topic_alias_is_resolved_for_repeated_publishes_MQTT_3_3_2_12()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var port = host.Port.ToString(CultureInfo.InvariantCulture);
        await using var sub = PeerProcess.Start(Stdbuf, "-oL", Sub, "-h", "127.0.0.1", "-p", port, "-V", "5", "-t", "alias/#",
            "-d", "-v", "-C", "3", "-W", "15");
        await sub.WaitForLineAsync(line => line.StartsWith("Subscribed", StringComparison.Ordinal));

        await PeerProcess.RunAsync(Pub, "-h", "127.0.0.1", "-p", port, "-V", "5", "-t", "alias/long/topic", "-m", "m",
            "-D", "publish", "topic-alias", "1", "--repeat", "3");

        var lines = await sub.ReadToEndAsync();
        Assert.Equal(3, lines.Count(l => l == "alias/long/topic m"));
    }

    [Fact]
    public async Task Mosquitto_v5_session_with_expiry_interval_receives_what_was_published_while_away_MQTT_3_1_2_23()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var port = host.Port.ToString(CultureInfo.InvariantCulture);
        await PeerProcess.RunAsync(Sub, "-h", "127.0.0.1", "-p", port, "-V", "5", "-i", "mosq-v5-persist", "-c", "-x", "120",
            "-t", "away/#", "-q", "1", "-E");

        await PeerProcess.RunAsync(Pub, "-h", "127.0.0.1", "-p", port, "-V", "5", "-t", "away/x", "-m", "queued", "-q", "1");
        var lines = await PeerProcess.RunAsync(Sub, "-h", "127.0.0.1", "-p", port, "-V", "5", "-i", "mosq-v5-persist", "-c", "-x", "120",
            "-t", "away/#", "-q", "1", "-v", "-C", "1", "-W", "10");

        Assert.Contains("away/x queued", lines);
    }

    [Fact]
    public async Task Mosquitto_v311_subscriber_gets_a_v5_message_without_properties()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var port = host.Port.ToString(CultureInfo.InvariantCulture);
        await using var sub = PeerProcess.Start(Stdbuf, "-oL", Sub, "-h", "127.0.0.1", "-p", port, "-V", "mqttv311", "-t", "mix/#",
            "-d", "-v", "-C", "1", "-W", "15");
        await sub.WaitForLineAsync(line => line.StartsWith("Subscribed", StringComparison.Ordinal));

        await PeerProcess.RunAsync(Pub, "-h", "127.0.0.1", "-p", port, "-V", "5", "-t", "mix/x", "-m", "plain",
            "-D", "publish", "user-property", "k", "v");

        await sub.WaitForLineAsync(line => line == "mix/x plain");
        await sub.ReadToEndAsync();
    }

    [Fact]
    public async Task Mosquitto_v5_shared_subscription_members_split_the_messages_MQTT_s_4_8_2()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var port = host.Port.ToString(CultureInfo.InvariantCulture);
        string[] Member(string id) => ["-oL", Sub, "-h", "127.0.0.1", "-p", port, "-V", "5", "-i", id, "-t", "$share/workers/jobs/#",
            "-d", "-v", "-W", "6"];
        await using var first = PeerProcess.Start(Stdbuf, Member("worker-1"));
        await using var second = PeerProcess.Start(Stdbuf, Member("worker-2"));
        await first.WaitForLineAsync(line => line.StartsWith("Subscribed", StringComparison.Ordinal));
        await second.WaitForLineAsync(line => line.StartsWith("Subscribed", StringComparison.Ordinal));

        await PeerProcess.RunAsync(Pub, "-h", "127.0.0.1", "-p", port, "-V", "5", "-t", "jobs/x", "-m", "job", "--repeat", "4");

        var received = (await first.ReadToEndAsync()).Count(l => l == "jobs/x job") + (await second.ReadToEndAsync()).Count(l => l == "jobs/x job");
        Assert.Equal(4, received); // each job once, to one of the two workers
    }
}
