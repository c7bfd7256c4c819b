using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Broker.Sessions;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Connections;

internal sealed partial class MqttConnection
{
    // MQTT 3.1 §3.1: the client identifier is 1 to 23 characters.
    private const int MaxClientIdLength31 = 23;
    private const int MaxTakeoverAttempts = 3;

    private CancellationTokenSource? _handshakeAborted;

    /// <summary>MQTT 3.1.1 §3.1.4: validate, authenticate, take over, attach the session, CONNACK.</summary>
    private async ValueTask<bool> HandleConnectAsync(MqttFrame frame)
    {
        // An unsupported protocol level throws here and is answered with CONNACK 0x01 at the connection edge.
        var connect = MqttConnectPacket.Read(frame);
        Volatile.Write(ref _connect, connect.Will is null ? KeptConnect.WithoutWill : new KeptConnect(connect.Will));
        _version = connect.ProtocolVersion;
        _output.Version = _version;
        if (_version == MqttProtocolVersion.V500)
        {
            // MQTT 5.0 §4.12: we offer no enhanced authentication, so any method is refused with 0x8C.
            if (connect.Properties?.AuthenticationMethod is not null)
            {
                return await RefuseAsync(connect, MqttConnectReturnCode.NotAuthorized, MqttReasonCode.BadAuthenticationMethod).ConfigureAwait(false);
            }

            _v5 = CreateV5State(connect);
            _output.MaximumPacketSize = _v5.ClientMaximumPacketSize;
        }

        // MQTT 3.1.1 §3.1.3.1: an empty client id is allowed only with CleanSession=1, and then the server
        // assigns one [MQTT-3.1.3-6..8]; MQTT 3.1 demands 1-23 characters. MQTT 5.0 §3.1.3.1 [MQTT-3.1.3-6]:
        // assigned whatever Clean Start says, and returned in the CONNACK [MQTT-3.2.2-16].
        var clientId = connect.ClientId;
        var assigned = false;
        if (clientId.Length == 0)
        {
            if (_version == MqttProtocolVersion.V310 || (!connect.CleanSession && _version == MqttProtocolVersion.V311))
            {
                return await RefuseAsync(connect, MqttConnectReturnCode.IdentifierRejected).ConfigureAwait(false);
            }

            clientId = "auto-" + Guid.NewGuid().ToString("N");
            assigned = true;
        }
        else if (_version == MqttProtocolVersion.V310 && clientId.Length > MaxClientIdLength31)
        {
            return await RefuseAsync(connect, MqttConnectReturnCode.IdentifierRejected).ConfigureAwait(false);
        }

        if (_broker.IsStopping)
        {
            return await RefuseAsync(connect, MqttConnectReturnCode.ServerUnavailable).ConfigureAwait(false);
        }

        var auth = await AuthenticateAsync(connect, clientId, assigned).ConfigureAwait(false);
        if (!auth.IsAccepted)
        {
            return await RefuseAsync(connect, auth.ReturnCode).ConfigureAwait(false);
        }

        if (!ReserveConnectionSlot(clientId))
        {
            MqttBrokerLog.MaxConnectionsReached(_logger, _broker.Options.MaxConnections, _info.RemoteEndPoint);
            return await RefuseAsync(connect, MqttConnectReturnCode.ServerUnavailable).ConfigureAwait(false);
        }

        var client = new MqttClientContext
        {
            ClientId = clientId,
            ConnectionId = _info.ConnectionId,
            UserName = connect.UserName,
            Identity = auth.Identity,
            Properties = auth.Properties,
            SessionOwner = auth.SessionOwner,
            RemoteEndPoint = _info.RemoteEndPoint,
            Transport = _info.Transport,
            ProtocolVersion = _version,
            CleanSession = connect.CleanSession,
            KeepAliveSeconds = connect.KeepAliveSeconds,
            ConnectedAt = _broker.Time.GetUtcNow(),
        };

        var (session, sessionPresent, outcome) = await AttachSessionAsync(clientId, auth.SessionOwner, connect.CleanSession).ConfigureAwait(false);
        if (_v5 is not null && session is not null && outcome == AttachOutcome.Attached)
        {
            ApplyToSession(session);
        }
        else if (session is not null && outcome == AttachOutcome.Attached)
        {
            // A 3.1.x client resuming a session an MQTT 5 connection left: none of its limits apply any more.
            session.ExpiryInterval = null;
            session.ReceiveMaximum = int.MaxValue;
        }
        if (outcome == AttachOutcome.OwnedByAnother)
        {
            _broker.Counters.RemoveClient();
            RefuseForeignSession(client, session!.Owner);
            return await RefuseAsync(connect, MqttConnectReturnCode.IdentifierRejected).ConfigureAwait(false);
        }

        if (session is null)
        {
            _broker.Counters.RemoveClient();
            return await RefuseAsync(connect, MqttConnectReturnCode.ServerUnavailable).ConfigureAwait(false);
        }

        _session = session;
        List<string>? resumed = null;
        if (sessionPresent)
        {
            resumed = ReauthorizeSubscriptions(client, session);
        }

        // CONNACK first, then the re-sends of a resumed session (§3.2, §4.4), all under the session's lock.
        var connAck = _v5 is null
            ? OutboundPacket.ConnAck(sessionPresent, MqttConnectReturnCode.Accepted)
            : OutboundPacket.ConnAck(sessionPresent, MqttReasonCode.Success, ConnAckProperties(connect, assigned ? clientId : null));
        if (!session.Attach(_output, connAck))
        {
            return false; // the transport went away meanwhile; the close detaches the session
        }

        // Only now is the client "connected" for the hooks, so OnClientDisconnected pairs with OnClientConnected.
        Volatile.Write(ref _client, client);
        LeavePending();

        StartKeepAlive(connect.KeepAliveSeconds);
        MqttBrokerLog.ClientConnected(_logger, clientId, _info.RemoteEndPoint, _version, connect.CleanSession, connect.KeepAliveSeconds, sessionPresent);
        try
        {
            _broker.Hooks.OnClientConnected(client);
        }
        catch (Exception ex)
        {
            MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.OnClientConnected), clientId);
        }

        // A resumed session's subscriptions reach this connection as if subscribed now.
        foreach (var filter in resumed ?? [])
        {
            Subscribed(client, filter);
        }

        return true;
    }

    private async ValueTask<MqttAuthResult> AuthenticateAsync(MqttConnectPacket connect, string clientId, bool assigned)
    {
        // Abort cancels it while the hook runs; it exists only then, so a connected client does not carry one.
        using var aborted = new CancellationTokenSource();
        Volatile.Write(ref _handshakeAborted, aborted);
        if (AbortReason is not null)
        {
            aborted.Cancel();
        }

        var request = new MqttConnectRequest(
            clientId, connect.UserName, connect.Password, _info.RemoteEndPoint, _info.Transport, connect.ProtocolVersion,
            connect.CleanSession, connect.KeepAliveSeconds, connect.Will is not null, aborted.Token)
        {
            ClientIdAssigned = assigned,
        };

        try
        {
            return await _broker.Hooks.AuthenticateAsync(request).ConfigureAwait(false) ?? MqttAuthResult.NotAuthorized;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.AuthenticateAsync), clientId);
            return MqttAuthResult.Refuse(MqttConnectReturnCode.ServerUnavailable);
        }
        finally
        {
            Volatile.Write(ref _handshakeAborted, null);
        }
    }

    // A takeover replaces a connected client without changing the count, so it is never refused for the limit.
    private bool ReserveConnectionSlot(string clientId)
    {
        if (_broker.Counters.TryAddClient(_broker.Options.MaxConnections))
        {
            return true;
        }

        if (_broker.Sessions.Find(clientId)?.Connection is null)
        {
            return false;
        }

        _broker.Counters.TryAddClient(int.MaxValue);
        return true;
    }

    /// <summary>
    /// MQTT 3.1.1 §3.1.4 step 2 [MQTT-3.1.4-2]: a client id already connected makes the server disconnect the
    /// existing client. We close it and wait (bounded) until it is gone, its will published and its session
    /// detached, so the new connection finds a settled session.
    /// </summary>
    private async ValueTask<(MqttSession? Session, bool SessionPresent, AttachOutcome Outcome)> AttachSessionAsync(
        string clientId, string? owner, bool cleanSession)
    {
        for (var attempt = 0; attempt < MaxTakeoverAttempts; attempt++)
        {
            var persistent = _v5 is null ? (bool?)null : _v5.SessionExpiryInterval > 0;
            var outcome = _broker.Sessions.TryAttach(
                this, clientId, owner, cleanSession, out var session, out var present, out var occupant, persistent, _broker.Time);
            if (outcome != AttachOutcome.Occupied)
            {
                return (session, present, outcome);
            }

            MqttBrokerLog.Takeover(_logger, clientId, _info.RemoteEndPoint, occupant!.ConnectionId);
            occupant.Abort(MqttDisconnectReason.Takeover);
            try
            {
                await occupant.Completion.WaitAsync(TimeSpan.FromSeconds(5), _broker.Time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Fall through: the next attempt finds it still attached and tries once more.
            }
        }

        return (null, false, AttachOutcome.Occupied);
    }

    private void RefuseForeignSession(MqttClientContext client, string? owner)
    {
        MqttBrokerLog.SessionOwnedByAnother(_logger, client.ClientId, _info.RemoteEndPoint);
        try
        {
            _broker.Hooks.OnSessionOwnerConflict(client, owner);
        }
        catch (Exception ex)
        {
            MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.OnSessionOwnerConflict), client.ClientId);
        }
    }

    private async ValueTask<bool> RefuseAsync(MqttConnectPacket connect, MqttConnectReturnCode code, MqttReasonCode? reason = null)
    {
        // MQTT 3.1.1 §3.2.2.3 [MQTT-3.2.2-5]: a non-zero return code is followed by closing the connection.
        // MQTT 5.0 §3.2.2.2 [MQTT-3.2.2-7]: the same with a reason code of 0x80 or above.
        _broker.Counters.ConnectionRefused();
        MqttBrokerLog.ConnectRefused(_logger, _info.RemoteEndPoint, connect.ClientId, code);
        var connAck = _version == MqttProtocolVersion.V500
            ? OutboundPacket.ConnAck(false, reason ?? MqttReasonCodes.FromConnectReturnCode(code), null)
            : OutboundPacket.ConnAck(false, code);
        await _output.WriteAsync(connAck).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// What the connection keeps of its CONNECT once read: the will, for a close without DISCONNECT. The packet
    /// itself (password, user name) is not kept for the life of the connection.
    /// </summary>
    private sealed class KeptConnect(MqttWill? will)
    {
        public static readonly KeptConnect WithoutWill = new(null);

        public MqttWill? Will { get; } = will;
    }
}
