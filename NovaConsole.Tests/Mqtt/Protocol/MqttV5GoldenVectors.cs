using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Protocol;

/// <summary>
/// MQTT 5.0 packets laid out field by field from the specification (§3.1-§3.15). Only the body is written by hand;
/// the fixed header's remaining length is computed. Properties appear in ascending identifier order, the order our
/// writer uses, so every vector re-encodes to the same bytes.
/// </summary>
internal static class MqttV5GoldenVectors
{
    private const string Mqtt5 = "00 04 4d 51 54 54 | 05";

    public static readonly IReadOnlyList<MqttGoldenVectors.Vector> All =
    [
        P("connect_v5_minimal", 0x10, Mqtt5 + " | 02 | 00 3c | 00 | 00 01 63"),

        // Session Expiry 120, Request Problem Information 1, Request Response Information 1, Receive Maximum 10,
        // Topic Alias Maximum 5, User Property k=v, Maximum Packet Size 1024.
        P("connect_v5_properties", 0x10, Mqtt5 + " | 02 | 00 3c | 1b | 11 00 00 00 78 | 17 01 | 19 01 | 21 00 0a | 22 00 05"
            + " | 26 00 01 6b 00 01 76 | 27 00 00 04 00 | 00 01 63"),

        // Will QoS 1 with every will property, and a password without a user name (allowed in 5.0 §3.1.2.9).
        P("connect_v5_will_properties_password_only", 0x10, Mqtt5 + " | 4e | 00 0a | 00 | 00 02 69 64"
            + " | 1b 01 01 02 00 00 00 3c 03 00 03 74 2f 70 08 00 01 72 09 00 02 01 02 18 00 00 00 0a"
            + " | 00 03 77 2f 74 | 00 03 62 79 65 | 00 02 70 77"),

        // Authentication Method and Data (the broker refuses enhanced authentication with 0x8C).
        P("connect_v5_authentication_method", 0x10, Mqtt5 + " | 02 | 00 3c | 0e 15 00 05 53 43 52 41 4d 16 00 03 01 02 03 | 00 01 63"),

        P("connack_v5_success_no_properties", 0x20, "00 | 00 | 00"),
        P("connack_v5_session_present_server_properties", 0x20, "01 | 00 | 1d | 12 00 04 61 75 74 6f | 13 00 1e | 21 00 64 | 22 00 0a"
            + " | 25 01 | 27 0f ff ff ff | 28 01 | 29 01 | 2a 01"),
        P("connack_v5_client_id_not_valid_with_reason_string", 0x20, "00 | 85 | 0a 1f 00 07 66 6f 72 65 69 67 6e"),
        P("connack_v5_maximum_qos_and_server_reference", 0x20, "00 | 9c | 08 1c 00 03 6f 74 68 24 00"),
        P("connack_v5_response_information", 0x20, "00 | 00 | 06 1a 00 03 72 2f 78"),

        P("publish_v5_qos0_no_properties", 0x30, "00 03 61 2f 62 | 00 | 68 69"),
        P("publish_v5_qos1_message_properties", 0x32, "00 03 61 2f 62 | 00 0a | 2b | 01 01 | 02 00 00 00 3c"
            + " | 03 00 0a 74 65 78 74 2f 70 6c 61 69 6e | 08 00 03 72 2f 31 | 09 00 02 ab cd | 0b 05 | 23 00 02"
            + " | 26 00 01 6b 00 01 76 | 68 69"),
        P("publish_v5_two_subscription_identifiers", 0x34, "00 01 74 | 12 34 | 05 0b 05 0b 81 01 | 78"),
        P("publish_v5_topic_alias_with_empty_topic", 0x30, "00 00 | 03 23 00 01 | 68 69"),
        P("publish_v5_user_properties_repeat_in_order", 0x31, "00 01 74 | 0e 26 00 01 61 00 01 31 26 00 01 61 00 01 32"),

        P("puback_v5_success_short_form", 0x40, "00 01"),
        P("puback_v5_no_matching_subscribers", 0x40, "00 01 | 10"),
        P("pubrec_v5_failure_with_reason_string", 0x50, "00 02 | 80 | 06 1f 00 03 62 61 64"),
        P("pubrel_v5_packet_identifier_not_found", 0x62, "00 03 | 92"),
        P("pubcomp_v5_success_with_user_property", 0x70, "00 04 | 00 | 07 26 00 01 6b 00 01 76"),

        // a/b: QoS 2, No Local, Retain As Published, Retain Handling 2; $share/g/t: QoS 1, Retain Handling 1.
        P("subscribe_v5_options_and_identifier", 0x82, "00 01 | 02 0b 07 | 00 03 61 2f 62 | 2e"
            + " | 00 0a 24 73 68 61 72 65 2f 67 2f 74 | 11"),
        P("suback_v5_reason_codes", 0x90, "00 01 | 00 | 00 01 02 80 83 87 8f 91 97 9e a1 a2"),
        P("suback_v5_reason_string", 0x90, "00 02 | 06 1f 00 03 61 63 6c | 87"),
        P("unsubscribe_v5_user_property", 0xa2, "00 02 | 07 26 00 01 6b 00 01 76 | 00 03 61 2f 2b"),
        P("unsuback_v5_reason_codes", 0xb0, "00 02 | 00 | 00 11 87"),

        P("disconnect_v5_success_short_form", 0xe0, ""),
        P("disconnect_v5_with_will_message", 0xe0, "04"),
        P("disconnect_v5_session_taken_over_reason_string", 0xe0, "8e | 0d 1f 00 0a 74 61 6b 65 6e 20 6f 76 65 72"),
        P("disconnect_v5_session_expiry_zero", 0xe0, "00 | 05 11 00 00 00 00"),
        P("disconnect_v5_server_reference", 0xe0, "9d | 06 1c 00 03 6f 74 68"),

        P("auth_v5_success_short_form", 0xf0, ""),
        P("auth_v5_continue_authentication", 0xf0, "18 | 0e 15 00 05 53 43 52 41 4d 16 00 03 01 02 03"),
    ];

    private static MqttGoldenVectors.Vector P(string name, byte first, string body)
    {
        var bytes = Hex.Parse(body.Replace("|", " "));
        var length = new byte[4];
        var size = MqttVariableByteInteger.Write(length, bytes.Length);
        return new(name, MqttProtocolVersion.V500, [first, .. length.AsSpan(0, size), .. bytes]);
    }
}
