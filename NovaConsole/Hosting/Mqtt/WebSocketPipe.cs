using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;

namespace NovaConsole.Hosting.Mqtt;

/// <summary>
/// A WebSocket seen as a byte stream (IDuplexPipe), so the broker runs MQTT over WebSocket exactly as over
/// TCP. MQTT packets may span or share WebSocket messages (MQTT 3.1.1 §6), so message boundaries are ignored.
/// </summary>
internal sealed class WebSocketPipe(WebSocket socket) : IDuplexPipe
{
    private const int ReceiveChunk = 4096;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);
    private readonly Pipe _fromSocket = new(new PipeOptions(pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, useSynchronizationContext: false));
    private readonly Pipe _toSocket = new(new PipeOptions(pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, useSynchronizationContext: false));

    public PipeReader Input => _fromSocket.Reader;

    public PipeWriter Output => _toSocket.Writer;

    /// <summary>Pumps both directions until the socket closes or the application completes its side.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receiving = ReceiveAsync(stop.Token);
        var sending = SendAsync(stop.Token);
        await Task.WhenAny(receiving, sending);
        // Send what the application wrote last (a DISCONNECT's aftermath, a final PUBACK) before closing.
        await Task.WhenAny(sending, Task.Delay(CloseGrace, CancellationToken.None));
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            // The application finished (or the peer half-closed): say goodbye politely, briefly.
            using var timeout = new CancellationTokenSource(CloseGrace);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // The peer went away first; nothing to tell it.
            }
        }
        // Let the peer answer our close frame, so neither side sees a reset; then stop whatever still runs.
        await Task.WhenAny(receiving, Task.Delay(CloseGrace, CancellationToken.None));
        // Whichever side ended first, the other has nothing left to do.
        await stop.CancelAsync();
        await Task.WhenAll(receiving, sending);
    }

    private async Task ReceiveAsync(CancellationToken ct)
    {
        var writer = _fromSocket.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(ReceiveChunk);
                var result = await socket.ReceiveAsync(memory, ct);
                if (result.MessageType == WebSocketMessageType.Close) break;
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    // MQTT 3.1.1 §6.0: MQTT control packets MUST be sent in binary data frames.
                    await socket.CloseOutputAsync(WebSocketCloseStatus.InvalidMessageType, "MQTT needs binary frames", ct);
                    break;
                }
                writer.Advance(result.Count);
                var flushed = await writer.FlushAsync(ct);
                if (flushed.IsCompleted) break;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The connection is gone; the broker sees the end of its input and cleans up.
        }
        finally
        {
            await writer.CompleteAsync();
        }
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var reader = _toSocket.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(ct);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    await socket.SendAsync(segment, WebSocketMessageType.Binary, endOfMessage: true, ct);
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted) break;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // Peer closed while we were sending.
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }
}
