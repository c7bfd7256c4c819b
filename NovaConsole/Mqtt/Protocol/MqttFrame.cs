using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// One complete control packet whose fixed header has been checked. <see cref="Body"/> is a slice of the
/// caller's buffer (variable header and payload) and is valid only until that buffer is advanced.
/// </summary>
internal readonly struct MqttFrame
{
    public MqttFrame(MqttPacketType type, byte flags, ReadOnlySequence<byte> body)
    {
        Type = type;
        Flags = flags;
        Body = body;
    }

    public MqttPacketType Type { get; }

    /// <summary>The low nibble of the first byte (DUP/QoS/RETAIN for PUBLISH, fixed values otherwise).</summary>
    public byte Flags { get; }

    public ReadOnlySequence<byte> Body { get; }

    public int RemainingLength => (int)Body.Length;

    internal void EnsureType(MqttPacketType expected)
    {
        // A caller bug (wrong decoder for the frame), not a peer's fault: not a protocol exception.
        if (Type != expected)
        {
            throw new ArgumentException($"Frame holds a {Type} packet, not {expected}.", "frame");
        }
    }
}
