using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace NovaConsole.Tests.Live;

/// <summary>
/// A bare SignalR client over a raw WebSocket, speaking the JSON hub protocol by hand (the SignalR client package is not
/// in our package source): negotiate, connect, handshake, invoke, read records separated by 0x1E.
/// </summary>
internal sealed class SignalRJsonClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly Queue<JsonElement> _pending = new();
    private int _invocations;

    public static async Task<SignalRJsonClient> ConnectAsync(Uri baseAddress, string hubPath, string token, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var negotiate = await http.PostAsync($"{hubPath.TrimStart('/')}/negotiate?negotiateVersion=1", null, ct);
        negotiate.EnsureSuccessStatusCode();
        var connectionToken = (await negotiate.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("connectionToken").GetString();

        var client = new SignalRJsonClient();
        var ws = new UriBuilder(baseAddress) { Scheme = "ws", Path = hubPath, Query = $"id={connectionToken}&access_token={Uri.EscapeDataString(token)}" }.Uri;
        await client._socket.ConnectAsync(ws, ct);
        await client.SendRawAsync("""{"protocol":"json","version":1}""", ct);
        var handshake = await client.ReceiveAsync(ct);
        if (handshake.TryGetProperty("error", out var error)) throw new InvalidOperationException($"Handshake refused: {error}");
        return client;
    }

    /// <summary>Invokes a hub method and waits for its completion message; throws with the hub's error.</summary>
    public async Task InvokeAsync(string target, object?[] arguments, CancellationToken ct)
    {
        var id = (++_invocations).ToString();
        await SendRawAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }), ct);
        var completion = await NextAsync(m => m.GetProperty("type").GetInt32() == 3 && m.GetProperty("invocationId").GetString() == id, ct);
        if (completion.TryGetProperty("error", out var error)) throw new InvalidOperationException(error.GetString());
    }

    /// <summary>The next server-to-client invocation of <paramref name="target"/> (pings and other messages are skipped).</summary>
    public async Task<JsonElement> NextEventAsync(string target, CancellationToken ct)
    {
        var message = await NextAsync(m => m.GetProperty("type").GetInt32() == 1 && m.GetProperty("target").GetString() == target, ct);
        return message.GetProperty("arguments")[0];
    }

    private async Task<JsonElement> NextAsync(Func<JsonElement, bool> wanted, CancellationToken ct)
    {
        while (true)
        {
            var message = _pending.Count > 0 ? _pending.Dequeue() : await ReceiveAsync(ct);
            if (message.TryGetProperty("type", out _) && wanted(message)) return message;
        }
    }

    private async Task<JsonElement> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException($"The hub closed the connection: {result.CloseStatusDescription}");
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage && text.Length > 0 && text[^1] == RecordSeparator) break;
        }
        var records = text.ToString().Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var record in records.Skip(1)) _pending.Enqueue(JsonDocument.Parse(record).RootElement.Clone());
        return JsonDocument.Parse(records[0]).RootElement.Clone();
    }

    private Task SendRawAsync(string json, CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, ct);

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The server may already be gone at the end of a test.
            }
        }
        _socket.Dispose();
    }
}
