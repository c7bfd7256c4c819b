using System.Globalization;

namespace NovaConsole.Tests.Mqtt.Broker.EndToEnd;

/// <summary>Python paho-mqtt 1.6 with protocol=MQTTv5 against the broker behind a real Kestrel socket.</summary>
[Trait("Needs", "python")]
public sealed class Mqtt5PahoClientTests
{
    private const string Python = "/usr/bin/python3";

    // Request/response the MQTT 5 way: response topic, correlation data and a user property travel with the message;
    // the subscriber asked for No Local, so its own publish does not come back.
    private const string RequestScript = """
        import sys, threading
        import paho.mqtt.client as mqtt
        from paho.mqtt.properties import Properties
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.subscribeoptions import SubscribeOptions
        port = int(sys.argv[1])
        got = threading.Event(); subscribed = threading.Event(); connected = threading.Event()
        def on_connect(c, u, flags, rc, props):
            print("CONNACK", rc.value, props.TopicAliasMaximum, props.ReceiveMaximum, flush=True); connected.set()
        def on_subscribe(c, u, mid, rcs, props): print("SUBACK", [r.value for r in rcs], flush=True); subscribed.set()
        def on_message(c, u, m):
            p = m.properties
            print("RECV", m.topic, m.payload.decode(), p.ResponseTopic, p.CorrelationData.hex(), p.UserProperty, flush=True); got.set()
        c = mqtt.Client(client_id="paho5", protocol=mqtt.MQTTv5)
        c.on_connect = on_connect; c.on_subscribe = on_subscribe; c.on_message = on_message
        c.connect("127.0.0.1", port, keepalive=30, clean_start=True)
        c.loop_start(); assert connected.wait(10)
        c.subscribe("paho5/#", options=SubscribeOptions(qos=1, noLocal=True)); assert subscribed.wait(10)
        o = mqtt.Client(client_id="paho5-other", protocol=mqtt.MQTTv5)
        o.connect("127.0.0.1", port); o.loop_start()
        props = Properties(PacketTypes.PUBLISH)
        props.ResponseTopic = "reply/1"; props.CorrelationData = b"\x01\x02"; props.UserProperty = ("k", "v")
        c.publish("paho5/own", "mine", qos=1).wait_for_publish(10)
        o.publish("paho5/x", "hello", qos=1, properties=props).wait_for_publish(10)
        assert got.wait(10)
        o.disconnect(); o.loop_stop(); c.disconnect(); c.loop_stop()
        print("DONE", flush=True)
        """;

    private const string AssignedIdScript = """
        import sys, threading
        import paho.mqtt.client as mqtt
        done = threading.Event()
        def on_connect(c, u, flags, rc, props): print("ASSIGNED", props.AssignedClientIdentifier, flush=True); done.set()
        c = mqtt.Client(client_id="", protocol=mqtt.MQTTv5)
        c.on_connect = on_connect
        c.connect("127.0.0.1", int(sys.argv[1])); c.loop_start()
        assert done.wait(10)
        c.disconnect(); c.loop_stop()
        """;

    [Fact]
    public async Task Paho_v5_request_carries_response_topic_correlation_data_and_user_properties_MQTT_3_3_2_16()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var lines = await PeerProcess.RunAsync(Python, "-c", RequestScript, host.Port.ToString(CultureInfo.InvariantCulture));

        Assert.Contains(lines, l => l.StartsWith("CONNACK 0 16 ", StringComparison.Ordinal));
        Assert.Contains("SUBACK [1]", lines);
        Assert.Contains("RECV paho5/x hello reply/1 0102 [('k', 'v')]", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("RECV paho5/own", StringComparison.Ordinal)); // [MQTT-3.8.3-3]
        Assert.Contains("DONE", lines);
    }

    [Fact]
    public async Task Paho_v5_with_an_empty_client_id_is_given_one_MQTT_3_1_3_7()
    {
        await using var host = await KestrelMqttHost.StartAsync();
        var lines = await PeerProcess.RunAsync(Python, "-c", AssignedIdScript, host.Port.ToString(CultureInfo.InvariantCulture));

        Assert.Contains(lines, l => l.StartsWith("ASSIGNED auto-", StringComparison.Ordinal));
    }
}
