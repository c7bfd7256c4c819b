using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Protocol;

/// <summary>
/// MQTT 5.0 inputs the codec must refuse (level 5). MQTT 5.0 §2.2.2.2: an identifier that is unknown or not valid for
/// the packet, or a value of the wrong shape, is a Malformed Packet (0x81); a property given twice where only one
/// is allowed, or a value out of range, is a Protocol Error (0x82). At least one line per property.
/// </summary>
internal static class MqttV5MalformedPacketCorpus
{
    private const MqttProtocolErrorReason Malformed = MqttProtocolErrorReason.MalformedPacket;
    private const MqttProtocolErrorReason Protocol = MqttProtocolErrorReason.ProtocolError;

    public static readonly IReadOnlyList<MqttMalformedPacketCorpus.Entry> All =
    [
        new("30 0b 00 03 61 2f 62 04 01 01 01 01 68", 5, Protocol, "PUBLISH with Payload Format Indicator twice"),
        new("30 0b 00 03 61 2f 62 05 11 00 00 00 01", 5, Malformed, "PUBLISH with Session Expiry Interval, a CONNECT property"),
        new("30 08 00 03 61 2f 62 02 05 00", 5, Malformed, "PUBLISH with unknown property identifier 0x05"),
        new("30 08 00 03 61 2f 62 09 01 01", 5, Malformed, "PUBLISH property length past the end of the packet"),
        new("30 08 00 03 61 2f 62 02 01 02", 5, Protocol, "PUBLISH Payload Format Indicator 2"),
        new("30 09 00 03 61 2f 62 03 02 00 00", 5, Malformed, "PUBLISH Message Expiry Interval cut short inside the block"),
        new("30 0b 00 03 61 2f 62 05 03 00 02 c3 28", 5, Malformed, "PUBLISH Content Type is invalid UTF-8"),
        new("30 0c 00 03 61 2f 62 06 08 00 03 61 2f 23", 5, Malformed, "PUBLISH Response Topic with a wildcard [MQTT-3.3.2-14]"),
        new("30 09 00 03 61 2f 62 03 09 00 05", 5, Malformed, "PUBLISH Correlation Data longer than the block"),
        new("30 08 00 03 61 2f 62 02 0b 00", 5, Protocol, "PUBLISH Subscription Identifier 0"),
        new("30 0c 00 03 61 2f 62 06 23 00 01 23 00 02", 5, Protocol, "PUBLISH with Topic Alias twice"),
        new("30 0a 00 03 61 2f 62 04 26 00 01 6b", 5, Malformed, "PUBLISH User Property without its value"),
        new("30 0c 00 03 61 2f 62 06 26 00 01 00 00 00", 5, Malformed, "PUBLISH User Property name contains U+0000"),
        new("10 10 00 04 4d 51 54 54 05 02 00 3c 05 21 00 00 00 00", 5, Protocol, "CONNECT Receive Maximum 0"),
        new("10 12 00 04 4d 51 54 54 05 02 00 3c 05 27 00 00 00 00 00 00", 5, Protocol, "CONNECT Maximum Packet Size 0"),
        new("10 0f 00 04 4d 51 54 54 05 02 00 3c 02 17 02 00 00", 5, Protocol, "CONNECT Request Problem Information 2"),
        new("10 0f 00 04 4d 51 54 54 05 02 00 3c 02 19 05 00 00", 5, Protocol, "CONNECT Request Response Information 5"),
        new("10 12 00 04 4d 51 54 54 05 02 00 3c 05 18 00 00 00 01 00 00", 5, Malformed, "CONNECT with Will Delay Interval outside the will properties"),
        new("10 10 00 04 4d 51 54 54 05 02 00 3c 03 23 00 01 00 00", 5, Malformed, "CONNECT with Topic Alias"),
        new("10 17 00 04 4d 51 54 54 05 02 00 3c 0a 11 00 00 00 01 11 00 00 00 02 00 00", 5, Protocol, "CONNECT with Session Expiry Interval twice"),
        new("10 11 00 04 4d 51 54 54 05 02 00 3c 05 15 00 01 78 00 00", 5, Malformed, "CONNECT Authentication Method cut short"),
        new("10 11 00 04 4d 51 54 54 05 02 00 3c 05 16 00 05 01 00 00", 5, Malformed, "CONNECT Authentication Data cut short"),
        new("10 18 00 04 4d 51 54 54 05 06 00 3c 00 00 00 05 11 00 00 00 01 00 01 74 00 00", 5, Malformed, "CONNECT will properties with Session Expiry Interval"),
        new("10 0b 00 04 4d 51 54 54 05 02 00 3c 00", 5, Malformed, "CONNECT v5 without the client identifier"),
        new("20 03 01 87 00", 5, Protocol, "CONNACK v5 refusing yet claiming a present session [MQTT-3.2.2-6]"),
        new("20 05 00 00 02 01 01", 5, Malformed, "CONNACK v5 with Payload Format Indicator"),
        new("20 05 00 00 02 24 02", 5, Protocol, "CONNACK v5 Maximum QoS 2"),
        new("20 05 00 00 02 25 07", 5, Protocol, "CONNACK v5 Retain Available 7"),
        new("20 05 00 00 02 28 02", 5, Protocol, "CONNACK v5 Wildcard Subscription Available 2"),
        new("20 05 00 00 02 29 02", 5, Protocol, "CONNACK v5 Subscription Identifier Available 2"),
        new("20 05 00 00 02 2a 02", 5, Protocol, "CONNACK v5 Shared Subscription Available 2"),
        new("20 05 00 00 02 13 00", 5, Malformed, "CONNACK v5 Server Keep Alive cut short"),
        new("20 07 00 00 04 12 00 02 61", 5, Malformed, "CONNACK v5 Assigned Client Identifier cut short"),
        new("20 07 00 00 04 1a 00 02 61", 5, Malformed, "CONNACK v5 Response Information cut short"),
        new("20 07 00 00 04 1c 00 02 61", 5, Malformed, "CONNACK v5 Server Reference cut short"),
        new("40 06 00 01 10 02 01 01", 5, Malformed, "PUBACK v5 with Payload Format Indicator"),
        new("40 0c 00 01 10 08 1f 00 01 61 1f 00 01 62", 5, Protocol, "PUBACK v5 with Reason String twice"),
        new("62 09 00 01 92 05 11 00 00 00 00", 5, Malformed, "PUBREL v5 with Session Expiry Interval"),
        new("82 09 00 01 00 00 03 61 2f 62 40", 5, Malformed, "SUBSCRIBE v5 options with reserved bit 6 [MQTT-3.8.3-5]"),
        new("82 09 00 01 00 00 03 61 2f 62 30", 5, Protocol, "SUBSCRIBE v5 retain handling 3"),
        new("82 10 00 01 00 00 0a 24 73 68 61 72 65 2f 67 2f 74 04", 5, Protocol, "SUBSCRIBE v5 No Local on a shared subscription [MQTT-3.8.3-4]"),
        new("82 0b 00 01 02 0b 00 00 03 61 2f 62 00", 5, Protocol, "SUBSCRIBE v5 Subscription Identifier 0"),
        new("82 0d 00 01 04 0b 01 0b 02 00 03 61 2f 62 00", 5, Protocol, "SUBSCRIBE v5 with two Subscription Identifiers"),
        new("82 0e 00 01 05 0b 80 80 80 80 00 03 61 2f 62 00", 5, Malformed, "SUBSCRIBE v5 Subscription Identifier of five bytes"),
        new("82 0c 00 01 03 23 00 01 00 03 61 2f 62 00", 5, Malformed, "SUBSCRIBE v5 with Topic Alias"),
        new("90 04 00 01 00 81", 5, Malformed, "SUBACK v5 with reserved reason code 0x81"),
        new("a2 0a 00 01 02 0b 01 00 03 61 2f 62", 5, Malformed, "UNSUBSCRIBE v5 with Subscription Identifier"),
        new("b0 03 00 01 00", 5, Protocol, "UNSUBACK v5 without reason codes"),
        new("e0 04 00 02 01 01", 5, Malformed, "DISCONNECT v5 with Payload Format Indicator"),
        new("e0 02 8e 05", 5, Malformed, "DISCONNECT v5 property length past the end"),
        new("f0 01 05", 5, Malformed, "AUTH v5 with reason code 0x05"),
        new("f0 04 18 02 01 01", 5, Malformed, "AUTH v5 with Payload Format Indicator"),
        new("f1 00", 5, Malformed, "AUTH v5 with fixed header flags"),
    ];
}
