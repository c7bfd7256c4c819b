using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Broker.Infrastructure;

/// <summary>A broker with test hooks and a manual clock; clients talk to it over in-memory pipes.</summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private readonly List<TestClient> _clients = [];
    private int _connectionCount;

    public TestBroker(Action<MqttBrokerOptions>? configure = null, IMqttBrokerHooks? hooks = null, ILogger<MqttBroker>? logger = null, ManualTimeProvider? time = null)
    {
        Time = time ?? new ManualTimeProvider();
        Options = new MqttBrokerOptions { AllowAnonymous = true };
        configure?.Invoke(Options);
        Hooks = hooks as TestHooks ?? new TestHooks();
        Broker = new MqttBroker(Microsoft.Extensions.Options.Options.Create(Options), hooks ?? Hooks, logger ?? NullLogger<MqttBroker>.Instance, Time);
    }

    public MqttBrokerOptions Options { get; }

    public TestHooks Hooks { get; }

    public ManualTimeProvider Time { get; }

    public MqttBroker Broker { get; }

    /// <summary>Opens a transport without sending anything.</summary>
    public TestClient Open(PipeOptions? toClient = null, MqttProtocolVersion version = MqttProtocolVersion.V311)
    {
        var inbound = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var outbound = new Pipe(toClient ?? new PipeOptions(useSynchronizationContext: false));
        var id = Interlocked.Increment(ref _connectionCount);
        var info = new MqttConnectionInfo($"test-{id}", new IPEndPoint(IPAddress.Loopback, 40000 + id), MqttTransport.Tcp);
        var run = Broker.RunConnectionAsync(new DuplexPipe(inbound.Reader, outbound.Writer), info, CancellationToken.None);
        var client = new TestClient(inbound.Writer, outbound.Reader, run, version);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Opens and CONNECTs; asserts CONNACK 0x00 and returns the client with its session-present flag.</summary>
    public async Task<TestClient> ConnectAsync(
        string clientId, bool cleanSession = true, ushort keepAlive = 0, MqttWill? will = null, bool expectSessionPresent = false,
        PipeOptions? toClient = null)
    {
        var client = Open(toClient);
        var ack = await client.ConnectAsync(new MqttConnectPacket
        {
            ClientId = clientId, CleanSession = cleanSession, KeepAliveSeconds = keepAlive, Will = will,
        });
        Assert.Equal(MqttConnectReturnCode.Accepted, ack.ReturnCode);
        Assert.Equal(expectSessionPresent, ack.SessionPresent);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        TestClient[] clients;
        lock (_clients)
        {
            clients = [.. _clients];
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
