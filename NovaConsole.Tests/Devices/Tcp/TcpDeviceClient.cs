using NovaConsole.Mqtt.Broker.Connections;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NovaConsole.Devices.Tcp;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Tcp;

/// <summary>A device on the far end of an in-memory socket to one <see cref="DeviceTcpConnection"/>.</summary>
internal sealed class TcpDeviceClient
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toDevice = new();

    public TcpDeviceClient(DeviceTcpOptions options, IDeviceTcpHooks hooks, DeviceTcpSessions sessions, ManualTimeProvider time)
    {
        Connection = new DeviceTcpConnection(new DuplexPipe(_toServer.Reader, _toDevice.Writer), Guid.NewGuid().ToString("N"), null, false,
            options, hooks, sessions, new DeviceTcpStatistics(), time, new PendingConnectionLimit(options.MaxPendingConnectionsPerAddress), NullLogger.Instance);
        Running = Connection.RunAsync(CancellationToken.None);
    }

    public DeviceTcpConnection Connection { get; }

    /// <summary>Completes when the server side has closed the connection.</summary>
    public Task Running { get; }

    public async Task SendAsync(string text) => await _toServer.Writer.WriteAsync(Encoding.UTF8.GetBytes(text));

    public Task SendLineAsync(object message) => SendAsync(JsonSerializer.Serialize(message) + "\n");

    /// <summary>The next line the server sent, parsed; null when the server closed without another line.</summary>
    public async Task<JsonElement?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await _toDevice.Reader.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } end)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, end));
                _toDevice.Reader.AdvanceTo(buffer.GetPosition(1, end));
                return JsonDocument.Parse(line).RootElement.Clone();
            }
            _toDevice.Reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) return null;
        }
    }

    public async Task<JsonElement> ExpectAsync(string type)
    {
        var line = await ReadLineAsync() ?? throw new Xunit.Sdk.XunitException($"The server closed instead of sending '{type}'.");
        Assert.Equal(type, line.GetProperty("type").GetString());
        return line;
    }

    public async Task CloseAsync() => await _toServer.Writer.CompleteAsync();

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }
}
