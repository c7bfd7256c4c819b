using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using NovaConsole.Hosting.Mqtt.Sockets;
using Xunit;

namespace NovaConsole.Tests.Hosting.Mqtt;

/// <summary>The MQTT socket transport's pipe over real loopback sockets.</summary>
public sealed class SocketTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private Socket _client = null!;
    private Socket _server = null!;
    private SocketDuplexPipe _pipe = null!;

    public async Task InitializeAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accept = listener.AcceptAsync();
        await _client.ConnectAsync(listener.LocalEndPoint!);
        _server = await accept;
        _pipe = new SocketDuplexPipe(_server);
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _server.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_packet_split_over_several_sends_is_read_once_all_of_it_arrived()
    {
        var packet = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var reading = ReadExactlyAsync(_pipe.Input, packet.Length);
        foreach (var chunk in packet.Chunk(7))
        {
            await _client.SendAsync(chunk);
            await Task.Delay(1);
        }

        Assert.Equal(packet, await reading.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Many_packets_in_one_send_come_in_one_read()
    {
        var packets = Enumerable.Repeat(new byte[] { 0xC0, 0x00 }, 500).SelectMany(p => p).ToArray();
        await _client.SendAsync(packets);
        var received = await ReadExactlyAsync(_pipe.Input, packets.Length).WaitAsync(Timeout);
        Assert.Equal(packets, received);
    }

    [Fact]
    public async Task A_packet_near_the_maximum_size_grows_the_buffer_and_arrives_whole()
    {
        var packet = new byte[256 * 1024 - 5];
        Random.Shared.NextBytes(packet);
        var sending = _client.SendAsync(packet);
        Assert.Equal(packet, await ReadExactlyAsync(_pipe.Input, packet.Length).WaitAsync(Timeout));
        await sending;
    }

    [Fact]
    public async Task An_idle_connection_holds_no_buffer()
    {
        await _client.SendAsync(new byte[] { 1, 2, 3 });
        await ReadExactlyAsync(_pipe.Input, 3).WaitAsync(Timeout);
        var idle = _pipe.Input.ReadAsync();
        Assert.False(idle.IsCompleted);
        Assert.Equal(0, _pipe.Reader.BufferedCapacity);

        _pipe.Output.GetSpan(2)[0] = 0xD0;
        _pipe.Output.Advance(2);
        var flush = await _pipe.Output.FlushAsync();
        Assert.False(flush.IsCompleted);
        Assert.Equal(0, _pipe.Writer.BufferedCapacity);
        _pipe.Input.CancelPendingRead();
        await idle;
    }

    [Fact]
    public async Task A_peer_reset_completes_the_input()
    {
        var reading = _pipe.Input.ReadAsync();
        _client.LingerState = new LingerOption(true, 0);
        _client.Close();
        var result = await reading.AsTask().WaitAsync(Timeout);
        Assert.True(result.IsCompleted);
        Assert.False(result.IsCanceled);
    }

    [Fact]
    public async Task A_closed_peer_completes_the_input_after_its_last_bytes()
    {
        await _client.SendAsync(new byte[] { 9, 8, 7 });
        _client.Shutdown(SocketShutdown.Send);
        Assert.Equal(new byte[] { 9, 8, 7 }, await ReadExactlyAsync(_pipe.Input, 3).WaitAsync(Timeout));
        var result = await _pipe.Input.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.True(result.IsCompleted);
    }

    [Fact]
    public async Task Cancelling_a_pending_read_ends_it_and_later_bytes_are_still_read()
    {
        var reading = _pipe.Input.ReadAsync();
        Assert.False(reading.IsCompleted);
        _pipe.Input.CancelPendingRead();
        var cancelled = await reading.AsTask().WaitAsync(Timeout);
        Assert.True(cancelled.IsCanceled);
        _pipe.Input.AdvanceTo(cancelled.Buffer.Start);

        await _client.SendAsync(new byte[] { 42 });
        Assert.Equal(new byte[] { 42 }, await ReadExactlyAsync(_pipe.Input, 1).WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_cancel_before_the_read_cancels_the_next_read()
    {
        _pipe.Input.CancelPendingRead();
        var result = await _pipe.Input.ReadAsync();
        Assert.True(result.IsCanceled);
    }

    [Fact]
    public async Task Completing_both_sides_closes_the_socket()
    {
        var reading = _pipe.Input.ReadAsync();
        _pipe.Input.CancelPendingRead();
        await reading;
        await _pipe.Output.CompleteAsync();
        await _pipe.Input.CompleteAsync();
        var buffer = new byte[1];
        Assert.Equal(0, await _client.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_peer_that_does_not_read_holds_the_flush_and_the_buffer_stays_bounded()
    {
        var chunk = new byte[64 * 1024];
        ValueTask<FlushResult> flush = default;
        var written = 0L;
        for (var i = 0; i < 10_000; i++)
        {
            chunk.CopyTo(_pipe.Output.GetSpan(chunk.Length));
            _pipe.Output.Advance(chunk.Length);
            written += chunk.Length;
            flush = _pipe.Output.FlushAsync();
            if (!flush.IsCompleted)
            {
                break;
            }
        }

        // The kernel's buffers filled up long before 640 MB: the flush waits, holding one chunk at most.
        Assert.False(flush.IsCompleted);
        Assert.True(written < 100L * 1024 * 1024, $"{written} bytes written before the flush waited");
        Assert.True(_pipe.Writer.BufferedCapacity <= 2 * chunk.Length);
        await Task.Delay(100);
        Assert.False(flush.IsCompleted);

        _pipe.Output.CancelPendingFlush();
        var result = await flush.AsTask().WaitAsync(Timeout);
        Assert.True(result.IsCanceled);
    }

    [Fact]
    public async Task A_slow_reader_gets_everything_once_it_reads()
    {
        var payload = new byte[4 * 1024 * 1024];
        Random.Shared.NextBytes(payload);
        payload.CopyTo(_pipe.Output.GetSpan(payload.Length));
        _pipe.Output.Advance(payload.Length);
        var flush = _pipe.Output.FlushAsync();

        var received = new byte[payload.Length];
        var total = 0;
        while (total < received.Length)
        {
            total += await _client.ReceiveAsync(received.AsMemory(total)).AsTask().WaitAsync(Timeout);
        }

        var result = await flush.AsTask().WaitAsync(Timeout);
        Assert.False(result.IsCompleted);
        Assert.Equal(payload, received);
        Assert.Equal(0, _pipe.Writer.BufferedCapacity);
    }

    // Reads as the broker does: examines everything, consumes only once the whole "packet" is there.
    private static async Task<byte[]> ReadExactlyAsync(PipeReader reader, int length)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.Buffer.Length >= length)
            {
                var bytes = result.Buffer.Slice(0, length).ToArray();
                reader.AdvanceTo(result.Buffer.GetPosition(length));
                return bytes;
            }

            Assert.False(result.IsCompleted, "the input ended early");
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
