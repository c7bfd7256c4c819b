using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Broker.Sessions;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>
/// One network connection, from its first byte to its close: reads and dispatches packets (one at a time, in
/// order), keeps the connect timeout and keep-alive, and on the way out publishes the will when the spec asks
/// for it. The session it serves outlives it (<see cref="MqttSession"/>).
/// Reading is in MqttConnection.Read.cs, CONNECT in .Connect.cs, PUBLISH in .Publish.cs, SUBSCRIBE in .Subscribe.cs,
/// the timeouts in .Deadline.cs.
/// </summary>
internal sealed partial class MqttConnection
{
    private const int NoReason = -1;

    private static readonly TaskCompletionSource ClosedCompletion = CompletedSource();

    private readonly BrokerRuntime _broker;
    private readonly IDuplexPipe _transport;
    private readonly MqttConnectionInfo _info;
    private readonly MqttOutbound _output;
    private SubscriberMatches<MqttSession>? _matches; // created by the first PUBLISH: idle clients never need it
    private readonly ILogger _logger;

    // Created only when someone waits for the close (takeover, kick, shutdown); ClosedCompletion once closed.
    private TaskCompletionSource? _completion;
    private MqttProtocolVersion _version = MqttProtocolVersion.V311;
    private KeptConnect? _connect; // null until CONNECT was read
    private MqttClientContext? _client;
    private MqttSession? _session;
    private MqttV5State? _v5; // null unless the client CONNECTed with MQTT 5
    private bool _cleanDisconnect;
    private bool _countedAsPending; // holds a slot of the broker's PendingLimit until CONNECT is accepted or the close
    private int _abortReason = NoReason;
    private long _lastPacketTimestamp;

    public MqttConnection(BrokerRuntime broker, IDuplexPipe transport, MqttConnectionInfo info)
    {
        _broker = broker;
        _transport = transport;
        _info = info;
        _logger = broker.Logger;
        _output = new MqttOutbound(this, transport.Output, broker.Counters, broker.Options.MaxPendingWriteBytes) { Time = broker.Time };
    }

    public string ConnectionId => _info.ConnectionId;

    public MqttConnectionInfo Info => _info;

    /// <summary>Set once CONNECT was accepted.</summary>
    public MqttClientContext? Client => Volatile.Read(ref _client);

    public MqttSession? Session => _session;

    /// <summary>Completes when the connection is closed and its will (if any) was published.</summary>
    public Task Completion
    {
        get
        {
            var completion = Volatile.Read(ref _completion);
            if (completion is null)
            {
                var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                completion = Interlocked.CompareExchange(ref _completion, fresh, null) ?? fresh;
            }

            return completion.Task;
        }
    }

    /// <summary>Asks the connection to close; the first reason wins. Safe from any thread, any number of times.</summary>
    public void Abort(MqttDisconnectReason reason)
    {
        if (Interlocked.CompareExchange(ref _abortReason, (int)reason, NoReason) != NoReason)
        {
            return;
        }

        try
        {
            _transport.Input.CancelPendingRead();
            Volatile.Read(ref _handshakeAborted)?.Cancel();
            Volatile.Read(ref _pendingAcks)?.Abandon();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
        {
            // Already closing.
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        MqttBrokerLog.ConnectionOpened(_logger, _info.ConnectionId, _info.RemoteEndPoint, _info.Transport);
        if (!_broker.PendingLimit.TryEnter(_info.RemoteEndPoint))
        {
            _broker.Counters.ConnectionRefused();
            MqttBrokerLog.TooManyPendingConnections(_logger, _info.RemoteEndPoint, _broker.PendingLimit.MaxPerAddress);
            await _transport.Input.CompleteAsync().ConfigureAwait(false);
            await _transport.Output.CompleteAsync().ConfigureAwait(false);
            return;
        }

        _countedAsPending = true;
        _broker.Connections.TryAdd(this, 0);
        using var registration = cancellationToken.UnsafeRegister(
            static state => ((MqttConnection)state!).Abort(MqttDisconnectReason.TransportClosed), this);
        _output.Start();
        StartConnectTimeout();

        var reason = MqttDisconnectReason.TransportClosed;
        try
        {
            reason = await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (MqttProtocolException ex)
        {
            reason = MqttDisconnectReason.ProtocolError;
            if (_v5 is { DisconnectReason: null } v5)
            {
                // MQTT 5.0 §4.13.1: tell the client why, with DISCONNECT and the reason code, before closing.
                v5.DisconnectReason = ex.ReasonCode;
                v5.DisconnectReasonString = ex.Message;
            }

            MqttBrokerLog.ProtocolViolation(_logger, _info.ConnectionId, _client?.ClientId, ex.Reason, ex.Message);
            if (ex.Reason == MqttProtocolErrorReason.UnsupportedProtocolVersion && _connect is null)
            {
                // MQTT 3.1.1 §3.1.2.2 [MQTT-3.1.2-2]: answer CONNACK 0x01, then close.
                _broker.Counters.ConnectionRefused();
                _output.TryWrite(OutboundPacket.ConnAck(false, MqttConnectReturnCode.UnacceptableProtocolVersion));
            }
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException or ObjectDisposedException)
        {
            MqttBrokerLog.TransportEnded(_logger, _info.ConnectionId, ex.Message);
            reason = MqttDisconnectReason.TransportClosed;
        }
        catch (Exception ex)
        {
            MqttBrokerLog.ConnectionFailed(_logger, ex, _info.ConnectionId);
            reason = MqttDisconnectReason.ServerKick;
        }
        finally
        {
            await CloseAsync(reason).ConfigureAwait(false);
        }
    }

    private MqttDisconnectReason? AbortReason
    {
        get
        {
            var value = Volatile.Read(ref _abortReason);
            return value == NoReason ? null : (MqttDisconnectReason)value;
        }
    }

    private async Task CloseAsync(MqttDisconnectReason reason)
    {
        // A reason given by Abort (takeover, keep-alive, kick, shutdown) explains the end better than the
        // cancelled read it caused; a DISCONNECT received first stays a clean disconnect.
        if (!_cleanDisconnect && AbortReason is { } aborted)
        {
            reason = aborted;
        }

        _broker.Deadlines.Retire(this);
        LeavePending();
        var session = _session;
        var client = _client;
        if (_v5 is not null && client is not null)
        {
            SendServerDisconnect(_v5, reason);
        }

        if (session is not null)
        {
            session.Detach(_output);
            _broker.Sessions.Detach(this, session, _broker.Time.GetTimestamp());
            _broker.Counters.RemoveClient();
        }

        await _output.CloseAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        if (_output.Fault is { } fault)
        {
            MqttBrokerLog.ConnectionFailed(_logger, fault, _info.ConnectionId);
        }

        await _transport.Input.CompleteAsync().ConfigureAwait(false);

        if (client is not null)
        {
            // MQTT 3.1.1 §3.1.2.5 [MQTT-3.1.2-8]: the will is published whenever the network connection closes
            // without DISCONNECT: lost transport, keep-alive, protocol error, takeover, kick and shutdown alike.
            // MQTT 5.0 §3.14.2.1: DISCONNECT with 0x04 asks for the will all the same.
            if ((reason != MqttDisconnectReason.ClientDisconnect || _v5?.WillOnDisconnect == true) && _connect?.Will is { } will
                && !TryDelayWill(client, will))
            {
                PublishWill(client, will);
            }

            MqttBrokerLog.ClientDisconnected(_logger, client.ClientId, reason);
            try
            {
                _broker.Hooks.OnClientDisconnected(client, reason);
            }
            catch (Exception ex)
            {
                MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.OnClientDisconnected), client.ClientId);
            }
        }

        _broker.Connections.TryRemove(this, out _);
        Interlocked.Exchange(ref _completion, ClosedCompletion)?.TrySetResult();
    }

    /// <summary>Gives back the pending-connection slot: CONNECT was accepted, or the connection is closing.</summary>
    private void LeavePending()
    {
        if (_countedAsPending)
        {
            _countedAsPending = false;
            _broker.PendingLimit.Leave(_info.RemoteEndPoint);
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
