using System.Buffers;
using System.IO.Pipelines;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>
/// Passes writes through to the transport's <see cref="PipeWriter"/> and counts them, so the outbound side knows
/// how much is unflushed whatever the transport (not every PipeWriter reports <c>UnflushedBytes</c>).
/// One per connection; a class so the codec's <see cref="IBufferWriter{T}"/> parameter does not box it.
/// </summary>
internal sealed class CountingBufferWriter(PipeWriter inner) : IBufferWriter<byte>
{
    public long Written { get; private set; }

    public void Advance(int count)
    {
        inner.Advance(count);
        Written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
}
