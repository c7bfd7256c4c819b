using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.EndToEnd.MqttNet;

/// <summary>A connected MQTTnet client, its inbox (attached before CONNECT) and its CONNACK.</summary>
internal sealed record MqttNetPeer(IMqttClient Client, MqttNetInbox Inbox, MqttClientConnectResult Result);

/// <summary>
/// MQTTnet clients for one test against the app's three listeners (the plain "mqtt" and "mqtt-tls" listeners and the
/// WebSocket path on the HTTP listener), all bound on port 0 and asked for their ports; disposes them at the end.
/// </summary>
internal sealed class MqttNetPeers(AppHost host) : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly MqttClientFactory _factory = new();
    private readonly List<IMqttClient> _clients = [];

    public MqttClientOptionsBuilder Tcp(MqttProtocolVersion version, string? clientId = null) =>
        Base(version, clientId).WithTcpServer("127.0.0.1", host.Listener("mqtt").Port);

    /// <summary>TLS where <paramref name="pin"/> alone decides whether the presented certificate is trusted.</summary>
    public MqttClientOptionsBuilder Tls(MqttProtocolVersion version, Func<X509Certificate, bool> pin) =>
        Base(version, null).WithTcpServer("127.0.0.1", host.Listener("mqtt-tls").Port)
            .WithTlsOptions(tls => tls.WithCertificateValidationHandler(e => e.Certificate is { } presented && pin(presented)));

    public MqttClientOptionsBuilder WebSocket(MqttProtocolVersion version) =>
        Base(version, null).WithWebSocketServer(ws => ws.WithUri($"ws://127.0.0.1:{host.BaseAddress.Port}/mqtt"));

    /// <summary>
    /// A session that outlives the connection. MQTT 5 ends a session at disconnect unless it asks for an expiry
    /// (MQTT 5 §3.1.2.11.2), and MQTTnet refuses that property on 3.1.1, so it is set for v5 only.
    /// </summary>
    public static MqttClientOptionsBuilder Persistent(MqttClientOptionsBuilder options, MqttProtocolVersion version) =>
        version == MqttProtocolVersion.V500
            ? options.WithCleanStart(false).WithSessionExpiryInterval(300)
            : options.WithCleanSession(false);

    public async Task<MqttNetPeer> ConnectAsync(MqttClientOptionsBuilder options)
    {
        var client = _factory.CreateMqttClient();
        _clients.Add(client);
        var inbox = new MqttNetInbox(client);
        using var timeout = new CancellationTokenSource(Timeout);
        var result = await client.ConnectAsync(options.Build(), timeout.Token);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return new MqttNetPeer(client, inbox, result);
    }

    public static async Task SubscribeAsync(MqttNetPeer peer, string filter, MqttQualityOfServiceLevel qos)
    {
        var result = await peer.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, qos).Build());
        Assert.Equal((int)qos, (int)Assert.Single(result.Items).ResultCode);
    }

    /// <summary>Closes the socket without DISCONNECT: MQTTnet's Dispose tears the channel down and sends nothing.</summary>
    public void Drop(MqttNetPeer peer)
    {
        _clients.Remove(peer.Client);
        peer.Client.Dispose();
    }

    /// <summary>The broker's certificate as the console serves it to device owners (anonymous GET).</summary>
    public async Task<X509Certificate2> ServedCertificateAsync()
    {
        using var http = host.CreateClient();
        return X509Certificate2.CreateFromPem(await http.GetStringAsync("api/v1/broker/certificate.pem"));
    }

    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync();
            }
            catch (Exception)
            {
                // Already gone (a test's assertion failed mid-way); disposal below still releases the socket.
            }
            client.Dispose();
        }
    }

    private static MqttClientOptionsBuilder Base(MqttProtocolVersion version, string? clientId) =>
        new MqttClientOptionsBuilder()
            .WithProtocolVersion(version)
            .WithClientId(clientId ?? $"mn-{Guid.NewGuid():N}"[..23])
            .WithTimeout(Timeout);
}
