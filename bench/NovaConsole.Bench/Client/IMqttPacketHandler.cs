using NovaConsole.Bench.Protocol;

namespace NovaConsole.Bench.Client;

/// <summary>
/// What a client does with the packets it receives after its handshake. Called on the client's receive loop
/// only, so an implementation owns its state without locks; replies (PUBACK) go into the caller's span and
/// are sent as one write per received chunk.
/// </summary>
internal interface IMqttPacketHandler
{
    /// <returns>The number of reply bytes written into <paramref name="replies"/>.</returns>
    int OnPacket(MqttFrame frame, ReadOnlySpan<byte> body, Span<byte> replies);

    /// <summary>After each received chunk has been parsed: publish counters, release credits.</summary>
    void OnChunkParsed();
}

/// <summary>Counts and ignores: idle connections (PINGRESP) and QoS 0 publishers.</summary>
internal sealed class IgnoringPacketHandler : IMqttPacketHandler
{
    public long Packets;

    public int OnPacket(MqttFrame frame, ReadOnlySpan<byte> body, Span<byte> replies)
    {
        Packets++;
        return 0;
    }

    public void OnChunkParsed() { }
}
