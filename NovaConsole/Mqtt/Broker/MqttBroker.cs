using System.IO.Pipelines;
using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Broker.Connections;
using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Broker.Sessions;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker;

/// <summary>
/// The embedded MQTT 3.1.1 (and 3.1) broker. Transport-neutral: the host accepts connections (Kestrel TCP, TLS,
/// a WebSocket adapted to a pipe) and hands each to <see cref="RunConnectionAsync"/>. One singleton per process.
/// </summary>
internal sealed class MqttBroker : IMqttServer
{
    private readonly BrokerRuntime _runtime;
    private readonly RateSampler _rates;

    public MqttBroker(IOptions<MqttBrokerOptions> options, IMqttBrokerHooks hooks, ILogger<MqttBroker> logger, TimeProvider? time = null)
    {
        _runtime = new BrokerRuntime(options, hooks, logger, time ?? TimeProvider.System);
        _rates = new RateSampler(_runtime.Time);
    }

    internal BrokerRuntime Runtime => _runtime;

    /// <summary>
    /// Runs one client connection to completion: CONNECT, the session, and the close (with its will). Returns when
    /// the connection is closed; the transport's output has been completed by then. Never throws for client
    /// misbehaviour or a lost connection. <paramref name="cancellationToken"/> closes the connection (e.g. Kestrel's
    /// <c>ConnectionClosed</c>).
    /// </summary>
    public Task RunConnectionAsync(IDuplexPipe transport, MqttConnectionInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(info);
        return new MqttConnection(_runtime, transport, info).RunAsync(cancellationToken);
    }

    public ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, bool retain = false) =>
        PublishAsync(topic, payload, qos, retain, delivered: null);

    public ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos, bool retain, Action? delivered) =>
        PublishAsync(topic, payload, qos, retain, delivered, properties: null);

    public ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos, bool retain, Action? delivered, MqttProperties? properties)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var error = TopicName.Validate(topic, _runtime.TopicLimits);
        if (error != TopicError.None)
        {
            throw new ArgumentException($"'{topic}' is not a valid topic name: {error.Describe()}.", nameof(topic));
        }

        if ((uint)qos > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(qos));
        }

        // Copy once: the caller may reuse its buffer as soon as this returns.
        var source = new PublishSource(new MqttApplicationMessage(topic, payload.ToArray(), qos) { Delivered = delivered, Properties = properties });
        if (retain)
        {
            _runtime.Router.Retain(ref source);
        }

        _runtime.Router.Route(ref source, new SubscriberMatches<MqttSession>());
        return ValueTask.CompletedTask;
    }

    public bool IsConnected(string clientId) => _runtime.Sessions.Find(clientId)?.Connection?.Client is not null;

    public IReadOnlyList<MqttClientInfo> GetClients()
    {
        var clients = new List<MqttClientInfo>();
        foreach (var session in _runtime.Sessions.All)
        {
            if (session.Connection?.Client is not { } client)
            {
                continue;
            }

            clients.Add(new MqttClientInfo(
                client.ClientId,
                client.UserName,
                client.SessionOwner,
                client.RemoteEndPoint,
                client.ProtocolVersion,
                client.KeepAliveSeconds,
                client.CleanSession,
                client.ConnectedAt,
                client.Transport,
                _runtime.Index.GetSubscriptions(session),
                session.QueuedCount,
                session.InflightCount)
            {
                MessagesDropped = session.DroppedCount,
            });
        }

        clients.Sort(static (a, b) => string.CompareOrdinal(a.ClientId, b.ClientId));
        return clients;
    }

    public async Task<bool> DisconnectAsync(string clientId, MqttDisconnectReason reason = MqttDisconnectReason.ServerKick)
    {
        if (_runtime.Sessions.Find(clientId)?.Connection is not { } connection)
        {
            return false;
        }

        await CloseAsync(connection, reason).ConfigureAwait(false);
        return true;
    }

    public async Task<int> EndSessionsAsync(string owner, MqttDisconnectReason reason = MqttDisconnectReason.ServerKick)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var connected = _runtime.Sessions.All
            .Where(s => string.Equals(s.Owner, owner, StringComparison.Ordinal))
            .Select(s => s.Connection)
            .OfType<MqttConnection>()
            .ToArray();
        await Task.WhenAll(connected.Select(c => CloseAsync(c, reason))).ConfigureAwait(false);
        var removed = _runtime.Sessions.RemoveDetached(owner);
        if (_runtime.State is { } state)
        {
            // A key reset or a removed device must not find its session again after a restart.
            await state.WrittenAsync().ConfigureAwait(false);
        }

        MqttBrokerLog.SessionsEnded(_runtime.Logger, owner, removed);
        return removed;
    }

    private async Task CloseAsync(MqttConnection connection, MqttDisconnectReason reason)
    {
        connection.Abort(reason);
        try
        {
            await connection.Completion.WaitAsync(TimeSpan.FromSeconds(_runtime.Options.ShutdownTimeoutSeconds + 1)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // It was told to close; a transport that will not let go is Kestrel's to reap.
        }
    }

    public MqttBrokerStatistics GetStatistics()
    {
        var counters = _runtime.Counters;
        var rates = _rates.Update(counters);
        return new MqttBrokerStatistics(
            counters.ConnectedClients,
            _runtime.Sessions.Count,
            counters.MessagesReceived,
            counters.MessagesSent,
            counters.BytesReceived,
            counters.BytesSent,
            rates.MessagesIn,
            rates.MessagesOut,
            rates.BytesIn,
            rates.BytesOut,
            _runtime.Index.Count,
            _runtime.Retained.Count,
            counters.QueuedMessages,
            counters.PublishesRefused,
            counters.SubscriptionsRefused,
            counters.ConnectionsRefused,
            counters.MessagesDropped,
            _runtime.Time.GetUtcNow() - _runtime.StartedAt)
        {
            SubscriptionBytes = _runtime.Index.FilterChars * sizeof(char),
            QueuedMessageBytes = counters.QueuedBytes,
            RetainedBytes = _runtime.Retained.TotalBytes,
            RetainedRefused = counters.RetainedRefused,
        };
    }

    /// <summary>Discards persistent sessions away longer than <see cref="MqttBrokerOptions.PersistentSessionExpiryHours"/>.</summary>
    public int ExpireSessions()
    {
        var hours = _runtime.Options.PersistentSessionExpiryHours;
        // MQTT 5 sessions carry their own (shorter) expiry, so sweep even when the broker setting keeps sessions.
        return _runtime.Sessions.RemoveExpired(_runtime.Time, hours == 0 ? TimeSpan.MaxValue : TimeSpan.FromHours(hours));
    }

    /// <summary>
    /// Graceful stop: new CONNECTs get 0x03, every connection is closed (reason <see cref="MqttDisconnectReason.ServerShutdown"/>;
    /// wills are published, as [MQTT-3.1.2-8] asks for any close without DISCONNECT), and the wait is bounded by
    /// <see cref="MqttBrokerOptions.ShutdownTimeoutSeconds"/>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _runtime.BeginStopping();
        var connections = _runtime.Connections.Keys.ToArray();
        MqttBrokerLog.ShuttingDown(_runtime.Logger, connections.Length);
        foreach (var connection in connections)
        {
            connection.Abort(MqttDisconnectReason.ServerShutdown);
        }

        try
        {
            await Task.WhenAll(connections.Select(c => c.Completion))
                .WaitAsync(TimeSpan.FromSeconds(_runtime.Options.ShutdownTimeoutSeconds), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            MqttBrokerLog.ShutdownTimedOut(_runtime.Logger, _runtime.Connections.Count);
        }

        if (_runtime.State is { } state)
        {
            // Sessions detached by the closes above are written with the rest, then the file is closed.
            await state.DisposeAsync().ConfigureAwait(false);
        }
    }
}
