using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Protocol;

/// <summary>
/// Hand-written packets, laid out field by field from the MQTT 3.1.1 and 3.1 specifications. The CONNECT vectors
/// marked "mosquitto_pub" were also captured from mosquitto_pub 2.0.11 on the wire (nc -l, then xxd) and are byte-identical.
/// </summary>
internal static class MqttGoldenVectors
{
    public sealed record Vector(string Name, MqttProtocolVersion Version, byte[] Bytes);

    private static readonly MqttProtocolVersion V311 = MqttProtocolVersion.V311;
    private static readonly MqttProtocolVersion V310 = MqttProtocolVersion.V310;

    public static readonly IReadOnlyList<Vector> All =
    [
        // mosquitto_pub -V mqttv311 -i client1 -u user -P pass --will-topic w/t --will-payload bye --will-qos 1 --will-retain -k 60
        V("connect_311_mosquitto_pub_full", V311,
            "10 29 | 00 04 4d 51 54 54 | 04 | ee | 00 3c | 00 07 63 6c 69 65 6e 74 31 | 00 03 77 2f 74 | 00 03 62 79 65"
            + " | 00 04 75 73 65 72 | 00 04 70 61 73 73"),

        // the same with -V mqttv31: protocol name "MQIsdp", level 3
        V("connect_31_mosquitto_pub_full", V310,
            "10 2b | 00 06 4d 51 49 73 64 70 | 03 | ee | 00 3c | 00 07 63 6c 69 65 6e 74 31 | 00 03 77 2f 74 | 00 03 62 79 65"
            + " | 00 04 75 73 65 72 | 00 04 70 61 73 73"),

        // mosquitto_pub -V mqttv311 -i c: clean session, keep alive 60
        V("connect_311_mosquitto_pub_minimal", V311, "10 0d | 00 04 4d 51 54 54 | 04 | 02 | 00 3c | 00 01 63"),
        V("connect_311_empty_client_id_no_keep_alive", V311, "10 0c | 00 04 4d 51 54 54 | 04 | 02 | 00 00 | 00 00"),
        V("connect_311_persistent_session_will_qos2_no_retain", V311,
            "10 1a | 00 04 4d 51 54 54 | 04 | 14 | ff ff | 00 02 69 64 | 00 03 77 2f 74 | 00 05 68 65 6c 6c 6f"),
        V("connect_31_minimal", V310, "10 0f | 00 06 4d 51 49 73 64 70 | 03 | 02 | 00 0a | 00 01 63"),

        V("connack_accepted", V311, "20 02 | 00 | 00"),
        V("connack_session_present", V311, "20 02 | 01 | 00"),
        V("connack_not_authorized", V311, "20 02 | 00 | 05"),
        V("connack_unacceptable_protocol_version_31", V310, "20 02 | 00 | 01"),

        V("publish_qos0", V311, "30 07 | 00 03 61 2f 62 | 68 69"),
        V("publish_qos0_empty_payload", V311, "30 05 | 00 03 61 2f 62"),
        V("publish_qos1_dup_retain", V311, "3b 0c | 00 03 61 2f 62 | 00 0a | 68 65 6c 6c 6f"),
        V("publish_qos2", V311, "34 07 | 00 03 61 2f 62 | 12 34"),
        V("publish_utf8_topic", V311, "30 0a | 00 07 74 c3 a9 2f e2 82 ac | 21"),
        V("publish_200_byte_payload", V311, "30 cb 01 | 00 01 74 | " + string.Concat(Enumerable.Repeat("78 ", 200))),
        V("publish_qos1_31", V310, "32 09 | 00 03 61 2f 62 | ff ff | 6f 6b"),

        V("puback", V311, "40 02 | 00 01"),
        V("pubrec", V311, "50 02 | 00 02"),
        V("pubrel", V311, "62 02 | 00 03"),
        V("pubcomp", V311, "70 02 | ff fe"),

        // "a/+" QoS 1, "#" QoS 0, "$SYS/#" QoS 2
        V("subscribe_three_filters", V311, "82 15 | 00 01 | 00 03 61 2f 2b 01 | 00 01 23 00 | 00 06 24 53 59 53 2f 23 02"),
        V("subscribe_31", V310, "82 08 | 00 05 | 00 03 61 2f 62 | 01"),
        V("suback_mixed", V311, "90 05 | 00 01 | 01 00 80"),
        V("suback_qos2", V311, "90 03 | 00 07 | 02"),
        V("unsubscribe_two_filters", V311, "a2 0a | 00 02 | 00 03 61 2f 2b | 00 01 23"),
        V("unsuback", V311, "b0 02 | 00 02"),

        V("pingreq", V311, "c0 00"),
        V("pingresp", V311, "d0 00"),
        V("disconnect", V311, "e0 00"),
        V("disconnect_31", V310, "e0 00"),

        .. MqttV5GoldenVectors.All,
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var vector in All)
        {
            data.Add(vector.Name);
        }

        return data;
    }

    public static Vector Get(string name) => All.Single(v => v.Name == name);

    private static Vector V(string name, MqttProtocolVersion version, string hex) =>
        new(name, version, Hex.Parse(hex.Replace("|", " ")));
}
