using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// Framing: finds one complete packet in a buffer, checks the fixed header and the size limit.
/// Decode the frame afterwards with the packet's <c>Read</c> method (switch on <see cref="MqttFrame.Type"/>).
/// </summary>
/// <example>
/// A connection loop; frames are slices of the pipe's buffer, so handle them before <c>AdvanceTo</c>:
/// <code>
/// var result = await input.ReadAsync(ct);
/// var buffer = result.Buffer;
/// SequencePosition consumed = buffer.Start, examined = buffer.End;
/// try
/// {
///     while (MqttPacketReader.TryReadFrame(buffer, version, maxPacketSize, out var frame, out consumed, out examined))
///     {
///         Handle(frame);                  // e.g. MqttPublishPacket.Read(frame, version); copy what must outlive this read
///         buffer = buffer.Slice(consumed);
///     }
/// }
/// finally
/// {
///     input.AdvanceTo(consumed, examined); // MqttProtocolException escapes to the connection edge
/// }
/// </code>
/// Before CONNECT the version is unknown: pass <see cref="MqttProtocolVersion.V311"/> (the strictest fixed-header rules)
/// and take the real one from <see cref="MqttConnectPacket.ProtocolVersion"/>.
/// </example>
internal static class MqttPacketReader
{
    /// <summary>1 type byte + 4 length bytes + the largest remaining length: no limit at all.</summary>
    public const int UnlimitedPacketSize = 1 + MqttVariableByteInteger.MaxSize + MqttVariableByteInteger.MaxValue;

    /// <summary>
    /// Tries to frame the packet at the start of <paramref name="buffer"/>.
    /// Incomplete input: returns false, <paramref name="consumed"/> is the buffer start and <paramref name="examined"/>
    /// its end, as <c>PipeReader.AdvanceTo(consumed, examined)</c> expects. Complete: both are the end of the packet.
    /// Throws <see cref="MqttProtocolException"/> as soon as the header is invalid or declares more than
    /// <paramref name="maximumPacketSize"/> bytes (whole packet, header included), before the body has arrived.
    /// </summary>
    public static bool TryReadFrame(
        in ReadOnlySequence<byte> buffer,
        MqttProtocolVersion version,
        int maximumPacketSize,
        out MqttFrame frame,
        out SequencePosition consumed,
        out SequencePosition examined)
    {
        frame = default;
        consumed = buffer.Start;
        examined = buffer.End;

        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out var first))
        {
            return false;
        }

        var type = (MqttPacketType)(first >> 4);
        var flags = (byte)(first & 0x0F);
        ValidateFixedHeader(type, flags, version);

        if (!MqttVariableByteInteger.TryRead(ref reader, out var remainingLength))
        {
            return false;
        }

        var packetSize = reader.Consumed + remainingLength;
        if (packetSize > maximumPacketSize)
        {
            throw new MqttProtocolException(
                MqttProtocolErrorReason.PacketTooLarge,
                $"{type} packet of {packetSize} bytes exceeds the maximum packet size of {maximumPacketSize} bytes.");
        }

        if (reader.Remaining < remainingLength)
        {
            return false;
        }

        var body = buffer.Slice(reader.Position, remainingLength);
        frame = new MqttFrame(type, flags, body);
        consumed = body.End;
        examined = body.End;
        return true;
    }

    /// <summary>
    /// Convenience for loops: on success <paramref name="buffer"/> is moved past the packet; on false it is unchanged
    /// (then call <c>AdvanceTo(buffer.Start, buffer.End)</c>).
    /// </summary>
    public static bool TryReadFrame(
        ref ReadOnlySequence<byte> buffer,
        MqttProtocolVersion version,
        int maximumPacketSize,
        out MqttFrame frame)
    {
        if (!TryReadFrame(buffer, version, maximumPacketSize, out frame, out var consumed, out _))
        {
            return false;
        }

        buffer = buffer.Slice(consumed);
        return true;
    }

    // MQTT 3.1.1 §2.2.2 table 2.2: flags are fixed for every type but PUBLISH; wrong flags close the connection.
    // MQTT 3.1 used these bits as DUP/QoS on every packet, so for level 3 only the PUBLISH QoS is checked.
    private static void ValidateFixedHeader(MqttPacketType type, byte flags, MqttProtocolVersion version)
    {
        switch (type)
        {
            case MqttPacketType.Publish:
                var qos = (flags >> 1) & 0b11;
                if (qos == 3)
                {
                    // MQTT 3.1.1 §3.3.1.2 [MQTT-3.3.1-4]
                    throw MqttProtocolException.Malformed("PUBLISH with both QoS bits set (MQTT 3.1.1 §3.3.1.2).");
                }

                if (qos == 0 && (flags & 0b1000) != 0 && version >= MqttProtocolVersion.V311)
                {
                    // MQTT 3.1.1 §3.3.1.1 [MQTT-3.3.1-2]
                    throw MqttProtocolException.Malformed("PUBLISH with DUP set at QoS 0 (MQTT 3.1.1 §3.3.1.1).");
                }

                return;

            case MqttPacketType.PubRel:
            case MqttPacketType.Subscribe:
            case MqttPacketType.Unsubscribe:
                // MQTT 3.1.1 §3.6.1, §3.8.1, §3.10.1: flags MUST be 0010.
                if (flags != 0b0010 && version >= MqttProtocolVersion.V311)
                {
                    throw MqttProtocolException.Malformed($"{type} fixed header flags must be 0010 (MQTT 3.1.1 §2.2.2).");
                }

                return;

            case MqttPacketType.Auth when version == MqttProtocolVersion.V500:
            case >= MqttPacketType.Connect and <= MqttPacketType.Disconnect:
                if (flags != 0 && version >= MqttProtocolVersion.V311)
                {
                    throw MqttProtocolException.Malformed($"{type} fixed header flags must be 0000 (MQTT 3.1.1 §2.2.2).");
                }

                return;

            default:
                // MQTT 3.1.1 §2.2.1: 0 and 15 are reserved.
                throw MqttProtocolException.Malformed($"Reserved control packet type {(int)type} (MQTT 3.1.1 §2.2.1).");
        }
    }
}
