using System.Globalization;

namespace NovaConsole.Tests.Mqtt.Broker.EndToEnd;

/// <summary>Python paho-mqtt 1.6 (Debian's python3-paho-mqtt) against the broker behind a real Kestrel socket.</summary>
[Trait("Needs", "python")]
public sealed class PahoClientTests
{
    private const string Python = "/usr/bin/python3";

    private const string EchoScript = """
        import sys, threading
        import paho.mqtt.client as mqtt
        got = threading.Event(); subscribed = threading.Event()
        def on_subscribe(c, u, mid, granted): print("SUBACK", list(granted), flush=True); subscribed.set()
        def on_message(c, u, m): print("RECV", m.topic, m.payload.decode(), m.qos, int(m.retain), flush=True); got.set()
        c = mqtt.Client(client_id="paho-echo", clean_session=True, protocol=mqtt.MQTTv311)
        c.will_set("paho/will", "bye", qos=1)
        c.on_subscribe = on_subscribe; c.on_message = on_message
        c.connect("127.0.0.1", int(sys.argv[1]), keepalive=30)
        c.loop_start()
        c.subscribe([("paho/#", 2)])
        assert subscribed.wait(10)
        c.publish("paho/echo", "hello-qos2", qos=2).wait_for_publish(10)
        assert got.wait(10)
        c.disconnect(); c.loop_stop()
        print("DONE", flush=True)
        """;

    private const string PersistentScript = """
        import sys, threading
        import paho.mqtt.client as mqtt
        port = int(sys.argv[1])
        present = []; got = threading.Event(); subscribed = threading.Event()
        def on_connect(c, u, flags, rc): present.append(flags["session present"])
        def on_subscribe(c, u, mid, granted): subscribed.set()
        def on_message(c, u, m): print("RECV", m.topic, m.payload.decode(), m.qos, flush=True); got.set()
        a = mqtt.Client(client_id="paho-persistent", clean_session=False)
        a.on_connect = on_connect; a.on_subscribe = on_subscribe; a.on_message = on_message
        a.connect("127.0.0.1", port); a.loop_start()
        a.subscribe("persist/#", qos=1); assert subscribed.wait(10)
        a.disconnect(); a.loop_stop()
        b = mqtt.Client(client_id="paho-publisher")
        b.connect("127.0.0.1", port); b.loop_start()
        b.publish("persist/x", "queued-while-away", qos=1).wait_for_publish(10)
        b.disconnect(); b.loop_stop()
        a.reconnect(); a.loop_start()
        assert got.wait(10)
        a.disconnect(); a.loop_stop()
        print("SESSION_PRESENT", present, flush=True)
        """;

    [Fact]
    public async Task Paho_subscribes_and_receives_its_own_qos2_publish()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var lines = await PeerProcess.RunAsync(Python, "-c", EchoScript, host.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("SUBACK [2]", lines);
        Assert.Contains("RECV paho/echo hello-qos2 2 0", lines);
        Assert.Contains("DONE", lines);
    }

    [Fact]
    public async Task Paho_persistent_session_receives_what_was_published_while_away()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var lines = await PeerProcess.RunAsync(Python, "-c", PersistentScript, host.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("RECV persist/x queued-while-away 1", lines);
        Assert.Contains("SESSION_PRESENT [0, 1]", lines);
    }
}
