using System.IO.Pipelines;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker;

public sealed class MqttConnectionHandlerTests
{
    [Theory]
    [InlineData(false, null, "Tcp")]
    [InlineData(true, null, "Tls")]
    [InlineData(false, "WebSocket", "WebSocket")]
    public async Task The_handler_tells_the_hooks_which_transport_the_client_used(bool tls, string? item, string expected)
    {
        await using var broker = new TestBroker();
        MqttConnectRequest? seen = null;
        broker.Hooks.Authenticate = request => { seen = request; return MqttAuthResult.Accept(); };

        var toBroker = new Pipe();
        var fromBroker = new Pipe();
        var context = new DefaultConnectionContext("conn-1", new DuplexPipe(toBroker.Reader, fromBroker.Writer), new DuplexPipe(fromBroker.Reader, toBroker.Writer));
        if (tls)
        {
            context.Features.Set<ITlsHandshakeFeature>(new FakeTls());
        }

        if (item is not null)
        {
            context.Items[MqttConnectionHandler.TransportItemKey] = Enum.Parse<MqttTransport>(item);
        }

        var run = new MqttConnectionHandler(broker.Broker).OnConnectedAsync(context);
        new MqttConnectPacket { ClientId = "h" }.WriteTo(toBroker.Writer);
        await toBroker.Writer.FlushAsync();
        var result = await fromBroker.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0x20, result.Buffer.FirstSpan[0]); // CONNACK
        fromBroker.Reader.AdvanceTo(result.Buffer.End);

        Assert.Equal(Enum.Parse<MqttTransport>(expected), seen!.Transport);
        Assert.Equal(tls, seen.IsSecure);
        await toBroker.Writer.CompleteAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private sealed class FakeTls : ITlsHandshakeFeature
    {
        public SslProtocols Protocol => SslProtocols.Tls13;

#pragma warning disable SYSLIB0058 // obsolete cipher properties are part of the interface
        public CipherAlgorithmType CipherAlgorithm => CipherAlgorithmType.Aes256;

        public int CipherStrength => 256;

        public HashAlgorithmType HashAlgorithm => HashAlgorithmType.Sha384;

        public int HashStrength => 384;

        public ExchangeAlgorithmType KeyExchangeAlgorithm => ExchangeAlgorithmType.None;

        public int KeyExchangeStrength => 0;
#pragma warning restore SYSLIB0058
    }
}
