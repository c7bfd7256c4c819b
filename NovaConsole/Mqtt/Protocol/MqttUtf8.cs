using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>UTF-8 encoded strings as MQTT 3.1.1 §1.5.3 restricts them.</summary>
internal static class MqttUtf8
{
    // Above this a multi-segment string is checked in a pooled buffer instead of on the stack.
    private const int StackLimit = 256;

    /// <summary>Throws unless the bytes are well-formed UTF-8 without U+0000 (§1.5.3).</summary>
    public static void Validate(in ReadOnlySequence<byte> utf8, string field) => Validate(utf8, field, topicName: false);

    /// <summary>As <see cref="Validate"/>, and also a valid topic name: non-empty, no wildcards.</summary>
    public static void ValidateTopicName(in ReadOnlySequence<byte> utf8, string field) => Validate(utf8, field, topicName: true);

    public static string Decode(in ReadOnlySequence<byte> utf8) =>
        utf8.IsEmpty ? string.Empty : Encoding.UTF8.GetString(utf8);

    private static void Validate(in ReadOnlySequence<byte> utf8, string field, bool topicName)
    {
        if (utf8.IsSingleSegment)
        {
            Check(utf8.FirstSpan, field, topicName);
            return;
        }

        // Strings are at most 65,535 bytes; pooled copies keep the hot path allocation-free.
        var length = (int)utf8.Length;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            utf8.CopyTo(buffer);
            Check(buffer[..length], field, topicName);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void Check(ReadOnlySpan<byte> utf8, string field, bool topicName)
    {
        // Utf8.IsValid also refuses encoded surrogates (U+D800..U+DFFF) and overlong forms, so the only
        // encoding of U+0000 left is the 0x00 byte. MQTT 3.1.1 §1.5.3 [MQTT-1.5.3-1], [MQTT-1.5.3-2].
        if (!Utf8.IsValid(utf8))
        {
            throw MqttProtocolException.Malformed($"{field} is not well-formed UTF-8 (MQTT 3.1.1 §1.5.3).");
        }

        if (utf8.IndexOf((byte)0) >= 0)
        {
            throw MqttProtocolException.Malformed($"{field} contains U+0000 (MQTT 3.1.1 §1.5.3).");
        }

        if (topicName)
        {
            if (utf8.IsEmpty)
            {
                // MQTT 3.1.1 §4.7.3 [MQTT-4.7.3-1]
                throw MqttProtocolException.Malformed($"{field} is empty (MQTT 3.1.1 §4.7.3).");
            }

            if (utf8.IndexOfAny((byte)'+', (byte)'#') >= 0)
            {
                // MQTT 3.1.1 §3.3.2.1 [MQTT-3.3.2-2]
                throw MqttProtocolException.Malformed($"{field} contains a wildcard (MQTT 3.1.1 §3.3.2.1).");
            }
        }
    }
}
