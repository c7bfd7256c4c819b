using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Protocol;

/// <summary>
/// Inputs the codec must refuse, one line each: hex, protocol level the reader is given, expected reason, why.
/// Add a line here for every malformed input found in the field or by fuzzing.
/// </summary>
internal static class MqttMalformedPacketCorpus
{
    private const MqttProtocolErrorReason Malformed = MqttProtocolErrorReason.MalformedPacket;
    private const MqttProtocolErrorReason Protocol = MqttProtocolErrorReason.ProtocolError;
    private const MqttProtocolErrorReason Unsupported = MqttProtocolErrorReason.UnsupportedProtocolVersion;
    private const MqttProtocolErrorReason TooLarge = MqttProtocolErrorReason.PacketTooLarge;

    /// <summary>Packets larger than this are refused by the corpus runner.</summary>
    public const int MaximumPacketSize = 1024;

    public sealed record Entry(string Hex, int Level, MqttProtocolErrorReason Reason, string Why);

    public static readonly IReadOnlyList<Entry> All =
    [
        // Framing: §2.2.1 types, §2.2.2 flags, §2.2.3 remaining length, maximum packet size.
        new("00 00", 4, Malformed, "reserved packet type 0"),
        new("f0 00", 4, Malformed, "reserved packet type 15"),
        new("30 ff ff ff ff 01", 4, Malformed, "remaining length with a fifth byte"),
        new("30 80 80 80 80", 4, Malformed, "fourth remaining length byte still continues"),
        new("30 ff ff ff 7f", 4, TooLarge, "declared 268,435,455 bytes, refused before any body arrives"),
        new("30 82 08", 4, TooLarge, "declared 1026 bytes over a 1024 byte maximum, body absent"),
        new("11 0c 00 04 4d 51 54 54 04 02 00 3c 00 00", 4, Malformed, "CONNECT with fixed header flags 0001"),
        new("21 02 00 00", 4, Malformed, "CONNACK with fixed header flags"),
        new("41 02 00 01", 4, Malformed, "PUBACK with fixed header flags"),
        new("58 02 00 01", 4, Malformed, "PUBREC with fixed header flags"),
        new("60 02 00 01", 4, Malformed, "PUBREL with flags 0000 instead of 0010"),
        new("72 02 00 01", 4, Malformed, "PUBCOMP with flags 0010"),
        new("80 08 00 01 00 03 61 2f 62 00", 4, Malformed, "SUBSCRIBE with flags 0000 instead of 0010"),
        new("93 03 00 01 00", 4, Malformed, "SUBACK with fixed header flags"),
        new("a0 07 00 01 00 03 61 2f 62", 4, Malformed, "UNSUBSCRIBE with flags 0000 instead of 0010"),
        new("b4 02 00 01", 4, Malformed, "UNSUBACK with fixed header flags"),
        new("c1 00", 4, Malformed, "PINGREQ with fixed header flags"),
        new("d8 00", 4, Malformed, "PINGRESP with fixed header flags"),
        new("e2 00", 4, Malformed, "DISCONNECT with fixed header flags"),

        // CONNECT §3.1.
        new("10 0c 00 04 4d 51 54 58 04 02 00 3c 00 00", 4, Protocol, "unknown protocol name MQTX"),
        new("10 0a 00 02 4d 51 04 02 00 3c 00 00", 4, Protocol, "unknown protocol name MQ"),
        new("10 0c 00 04 4d 51 54 54 06 02 00 3c 00 00", 4, Unsupported, "protocol level 6"),
        new("10 0c 00 04 4d 51 54 54 03 02 00 3c 00 00", 4, Unsupported, "name MQTT with level 3"),
        new("10 0e 00 06 4d 51 49 73 64 70 04 02 00 3c 00 00", 4, Unsupported, "name MQIsdp with level 4"),
        new("10 0c 00 04 4d 51 54 54 04 03 00 3c 00 00", 4, Malformed, "reserved connect flag bit 0 set"),
        new("10 0c 00 04 4d 51 54 54 04 0a 00 3c 00 00", 4, Malformed, "will QoS 1 without the will flag"),
        new("10 0c 00 04 4d 51 54 54 04 22 00 3c 00 00", 4, Malformed, "will retain without the will flag"),
        new("10 13 00 04 4d 51 54 54 04 1e 00 3c 00 00 00 03 61 2f 62 00 00", 4, Malformed, "will QoS 3"),
        new("10 0e 00 04 4d 51 54 54 04 42 00 3c 00 00 00 00", 4, Malformed, "password flag without user name flag in 3.1.1"),
        new("10 0d 00 04 4d 51 54 54 04 02 00 3c 00 00 ff", 4, Malformed, "trailing byte after the payload"),
        new("10 0c 00 04 4d 51 54 54 04 02 00 3c 00 05", 4, Malformed, "client id longer than the packet"),
        new("10 08 00 04 4d 51 54 54 04 02", 4, Malformed, "keep alive missing"),
        new("10 05 00 04 4d 51 54", 4, Malformed, "protocol name cut short"),
        new("10 0e 00 04 4d 51 54 54 04 02 00 3c 00 02 c3 28", 4, Malformed, "client id is invalid UTF-8"),
        new("10 0f 00 04 4d 51 54 54 04 02 00 3c 00 03 ed a0 80", 4, Malformed, "client id encodes surrogate U+D800"),
        new("10 0e 00 04 4d 51 54 54 04 02 00 3c 00 02 c0 80", 4, Malformed, "client id has an overlong U+0000"),
        new("10 0d 00 04 4d 51 54 54 04 02 00 3c 00 01 00", 4, Malformed, "client id contains U+0000"),
        new("10 13 00 04 4d 51 54 54 04 06 00 3c 00 00 00 03 61 2f 23 00 00", 4, Malformed, "will topic with a wildcard"),
        new("10 10 00 04 4d 51 54 54 04 06 00 3c 00 00 00 00 00 00", 4, Malformed, "empty will topic"),
        new("10 0c 00 04 4d 51 54 54 04 06 00 3c 00 00", 4, Malformed, "will flag set but will fields missing"),
        new("10 0c 00 04 4d 51 54 54 04 82 00 3c 00 00", 4, Malformed, "user name flag set but user name missing"),
        new("10 0f 00 04 4d 51 54 54 04 c2 00 3c 00 00 00 01 75", 4, Malformed, "password flag set but password missing in 3.1.1"),
        new("10 0e 00 06 4d 51 49 73 64 70 03 03 00 3c 00 00", 3, Malformed, "3.1 CONNECT with reserved flag bit 0"),

        // CONNACK §3.2 (read by clients and the load generator).
        new("20 02 02 00", 4, Malformed, "reserved acknowledge flag bits"),
        new("20 02 00 06", 4, Malformed, "reserved return code 6"),
        new("20 03 00 00 00", 4, Malformed, "remaining length 3"),
        new("20 01 00", 4, Malformed, "remaining length 1"),
        new("20 02 01 05", 4, Protocol, "session present on a refused connection"),

        // PUBLISH §3.3.
        new("36 07 00 03 61 2f 62 00 01", 4, Malformed, "QoS 3"),
        new("38 07 00 03 61 2f 62 68 69", 4, Malformed, "DUP set at QoS 0"),
        new("30 07 00 03 61 2f 2b 68 69", 4, Malformed, "+ in the topic name"),
        new("30 07 00 03 61 2f 23 68 69", 4, Malformed, "# in the topic name"),
        new("30 04 00 00 68 69", 4, Malformed, "empty topic name"),
        new("30 07 00 03 61 00 62 68 69", 4, Malformed, "U+0000 in the topic name"),
        new("30 06 00 02 c3 28 68 69", 4, Malformed, "topic name is invalid UTF-8"),
        new("30 05 00 03 ed a0 80", 4, Malformed, "topic name encodes a surrogate"),
        new("30 05 00 03 f8 88 80", 4, Malformed, "topic name with a five-byte UTF-8 lead"),
        new("30 04 00 05 61 62", 4, Malformed, "topic length beyond the packet"),
        new("30 01 00", 4, Malformed, "topic length cut short"),
        new("32 07 00 03 61 2f 62 00 00", 4, Malformed, "QoS 1 with packet identifier 0"),
        new("34 07 00 03 61 2f 62 00 00", 4, Malformed, "QoS 2 with packet identifier 0"),
        new("32 05 00 03 61 2f 62", 4, Malformed, "QoS 1 without packet identifier"),
        new("36 07 00 03 61 2f 62 00 01", 3, Malformed, "QoS 3 in MQTT 3.1 too"),

        // PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK §3.4-3.7, §3.11.
        new("40 02 00 00", 4, Malformed, "PUBACK with packet identifier 0"),
        new("40 03 00 01 00", 4, Malformed, "PUBACK with remaining length 3"),
        new("40 01 00", 4, Malformed, "PUBACK with remaining length 1"),
        new("50 02 00 00", 4, Malformed, "PUBREC with packet identifier 0"),
        new("62 02 00 00", 4, Malformed, "PUBREL with packet identifier 0"),
        new("62 00", 4, Malformed, "PUBREL without packet identifier"),
        new("70 03 00 01 ff", 4, Malformed, "PUBCOMP with a trailing byte"),
        new("b0 02 00 00", 4, Malformed, "UNSUBACK with packet identifier 0"),
        new("b0 03 00 01 00", 4, Malformed, "UNSUBACK with remaining length 3"),

        // SUBSCRIBE §3.8, SUBACK §3.9.
        new("82 02 00 01", 4, Protocol, "SUBSCRIBE without topic filters"),
        new("82 08 00 00 00 03 61 2f 62 00", 4, Malformed, "SUBSCRIBE with packet identifier 0"),
        new("82 08 00 01 00 03 61 2f 62 03", 4, Malformed, "SUBSCRIBE requesting QoS 3"),
        new("82 08 00 01 00 03 61 2f 62 04", 4, Malformed, "SUBSCRIBE with reserved option bits"),
        new("82 07 00 01 00 03 61 2f 62", 4, Malformed, "SUBSCRIBE filter without its QoS byte"),
        new("82 06 00 01 00 03 61 2f", 4, Malformed, "SUBSCRIBE filter cut short"),
        new("82 05 00 01 00 00 00", 4, Malformed, "SUBSCRIBE with an empty filter"),
        new("82 09 00 01 00 04 61 2f 62 23 00", 4, Malformed, "SUBSCRIBE with # not alone in its level"),
        new("82 08 00 01 00 03 23 2f 61 00", 4, Malformed, "SUBSCRIBE with # not last"),
        new("82 07 00 01 00 02 61 2b 00", 4, Malformed, "SUBSCRIBE with + not alone in its level"),
        new("82 08 00 01 00 03 61 00 62 00", 4, Malformed, "SUBSCRIBE with U+0000 in the filter"),
        new("82 07 00 01 00 02 c3 28 00", 4, Malformed, "SUBSCRIBE with invalid UTF-8 in the filter"),
        new("90 03 00 01 03", 4, Malformed, "SUBACK with reserved return code 3"),
        new("90 03 00 01 81", 4, Malformed, "SUBACK with reserved return code 0x81"),
        new("90 02 00 01", 4, Protocol, "SUBACK without return codes"),
        new("90 03 00 00 00", 4, Malformed, "SUBACK with packet identifier 0"),

        // UNSUBSCRIBE §3.10.
        new("a2 02 00 01", 4, Protocol, "UNSUBSCRIBE without topic filters"),
        new("a2 07 00 00 00 03 61 2f 62", 4, Malformed, "UNSUBSCRIBE with packet identifier 0"),
        new("a2 05 00 01 00 03 61", 4, Malformed, "UNSUBSCRIBE filter cut short"),
        new("a2 06 00 01 00 02 23 23", 4, Malformed, "UNSUBSCRIBE with an invalid filter"),
        new("a2 04 00 01 00 00", 4, Malformed, "UNSUBSCRIBE with an empty filter"),

        // PINGREQ, PINGRESP, DISCONNECT §3.12-3.14.
        new("c0 01 00", 4, Malformed, "PINGREQ with a body"),
        new("d0 01 00", 4, Malformed, "PINGRESP with a body"),
        new("e0 01 00", 4, Malformed, "DISCONNECT with a body"),

        // MQTT 5.0 (level 5), in MqttV5MalformedPacketCorpus.cs.
        .. MqttV5MalformedPacketCorpus.All,
    ];
}
