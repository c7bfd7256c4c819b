using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace NovaConsole.Tests.Devices.Tcp;

/// <summary>A device on a real socket to the running app's TCP listener, writing and reading lines as a person would.</summary>
internal sealed class RawTcpDevice : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private StreamReader _reader = null!;
    private NetworkStream _stream = null!;

    public static async Task<RawTcpDevice> ConnectAsync(IPEndPoint endPoint)
    {
        var device = new RawTcpDevice();
        await device._client.ConnectAsync(IPAddress.Loopback, endPoint.Port);
        device._stream = device._client.GetStream();
        device._reader = new StreamReader(device._stream, Encoding.UTF8);
        return device;
    }

    public Task SendAsync(string text) => _stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    /// <summary>Bytes as they are, for what a string cannot carry (invalid UTF-8).</summary>
    public Task SendBytesAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public Task SendLineAsync(object message) => SendAsync(JsonSerializer.Serialize(message) + "\n");

    /// <summary>The next line, or null when the server closed the connection.</summary>
    public async Task<JsonElement?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var line = await _reader.ReadLineAsync(timeout.Token);
            return line is null ? null : JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async Task<JsonElement> ExpectAsync(string type)
    {
        var line = await ReadLineAsync() ?? throw new Xunit.Sdk.XunitException($"The server closed instead of sending '{type}'.");
        Assert.Equal(type, line.GetProperty("type").GetString());
        return line;
    }

    public async Task AuthenticateAsync(string deviceId, string key)
    {
        await SendLineAsync(new { type = "auth", device_id = deviceId, device_key = key });
        var result = await ExpectAsync("auth_result");
        Assert.Equal("success", result.GetProperty("result").GetString());
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
