using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using NovaConsole.Mqtt.Broker.Connections;

namespace NovaConsole.Devices.Tcp;

/// <summary>
/// One device socket speaking seed 004 §3: auth within the deadline, then newline-delimited JSON until the
/// device goes quiet for the idle timeout, closes, is replaced by a newer connection or is closed by the platform.
/// </summary>
internal sealed partial class DeviceTcpConnection(
    IDuplexPipe transport,
    string connectionId,
    EndPoint? remote,
    bool tls,
    DeviceTcpOptions options,
    IDeviceTcpHooks hooks,
    DeviceTcpSessions sessions,
    DeviceTcpStatistics statistics,
    TimeProvider time,
    PendingConnectionLimit pending,
    ILogger logger)
{
    private const int TrafficTextLimit = 2048;
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private DeviceTcpCloseReason? _closeReason;
    private PendingStores? _pendingStores; // created by the first data line still being stored
    private bool _countedAsPending = true; // the handler entered it in `pending`; left at auth or close
    private CancellationTokenSource? _quiet; // the auth deadline, then the idle timeout

    public DeviceTcpSession? Session { get; private set; }

    public async Task RunAsync(CancellationToken connectionClosed)
    {
        statistics.ConnectionOpened();
        // One timer serves as the auth deadline, then as the idle timeout re-armed by every message.
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(options.AuthTimeoutSeconds), time);
        _quiet = quiet;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed, quiet.Token, _closing.Token);
        var reason = DeviceTcpCloseReason.ClosedByDevice;
        try
        {
            reason = await ReadLoopAsync(quiet, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            reason = _closeReason ?? (quiet.IsCancellationRequested ? DeviceTcpCloseReason.IdleTimeout : DeviceTcpCloseReason.ClosedByDevice);
            if (Session is null && quiet.IsCancellationRequested)
            {
                await TrySendAsync(o => DeviceTcpWriter.AuthResult(o, false, $"No auth message within {options.AuthTimeoutSeconds} s.", Now()));
                DeviceTcpLog.AuthTimedOut(logger, connectionId, remote?.ToString());
            }
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or InvalidOperationException)
        {
            reason = _closeReason ?? DeviceTcpCloseReason.ClosedByDevice;
        }
        finally
        {
            LeavePending();
            await transport.Input.CompleteAsync();
            await transport.Output.CompleteAsync();
            statistics.ConnectionClosed(Session is not null);
            if (Session is { } session)
            {
                sessions.Remove(session.DeviceId, this);
                DeviceTcpLog.Disconnected(logger, session.DeviceId, connectionId, reason);
                await hooks.OnDisconnectedAsync(session, reason, CancellationToken.None);
            }
        }
    }

    /// <summary>Closes this connection from the platform side (key reset, disable, a newer connection).</summary>
    public void Close(DeviceTcpCloseReason reason)
    {
        _closeReason ??= reason;
        _closing.Cancel();
    }

    public Task SendCommandAsync(string commandId, string command, JsonElement? parameters) =>
        Session is { } session
            ? SendAsync(o => DeviceTcpWriter.Command(o, commandId, session.DeviceId, command, parameters, Now()))
            : throw new InvalidOperationException("The device has not authenticated on this connection.");

    private async Task<DeviceTcpCloseReason> ReadLoopAsync(CancellationTokenSource quiet, CancellationToken ct)
    {
        var input = transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(ct);
            var buffer = result.Buffer;
            var keepOpen = true;
            var reason = DeviceTcpCloseReason.ClosedByDevice;
            while (keepOpen)
            {
                var status = LineFramer.TryReadLine(ref buffer, options.MaxMessageBytes, out var line);
                if (status == LineStatus.NeedMore) break;
                if (status == LineStatus.TooLong)
                {
                    statistics.MessageRefused();
                    await TrySendAsync(o => DeviceTcpWriter.Error(o, $"A message may be at most {options.MaxMessageBytes} bytes; closing the connection.", Now()));
                    DeviceTcpLog.MessageTooLarge(logger, Session?.DeviceId, connectionId, options.MaxMessageBytes);
                    keepOpen = false;
                    reason = DeviceTcpCloseReason.MessageTooLarge;
                    break;
                }
                if (line.IsEmpty) continue;
                keepOpen = Session is null ? await AuthenticateAsync(line, ct) : await DispatchAsync(line, ct);
                if (Session is not null) quiet.CancelAfter(TimeSpan.FromSeconds(options.IdleTimeoutSeconds));
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (!keepOpen) return reason;
            if (result.IsCompleted) return DeviceTcpCloseReason.ClosedByDevice;
        }
    }

    private async Task<bool> AuthenticateAsync(ReadOnlySequence<byte> line, CancellationToken ct)
    {
        var message = DeviceTcpMessageParser.Parse(line, out var error);
        if (message is not AuthMessage auth)
        {
            statistics.AuthFailed();
            var reason = error ?? "The first message must be {\"type\":\"auth\",\"device_id\":...,\"device_key\":...}.";
            await TrySendAsync(o => DeviceTcpWriter.AuthResult(o, false, reason, Now()));
            return false;
        }
        var outcome = await hooks.AuthenticateAsync(auth.DeviceId, auth.DeviceKey, remote, ct);
        if (!outcome.Succeeded)
        {
            statistics.AuthFailed();
            DeviceTcpLog.AuthRefused(logger, auth.DeviceId, remote?.ToString(), outcome.Message);
            await TrySendAsync(o => DeviceTcpWriter.AuthResult(o, false, outcome.Message, Now()));
            return false;
        }

        Session = new DeviceTcpSession(connectionId, outcome.DeviceId!, remote, tls, time.GetUtcNow());
        // The idle clock starts now, before the reply: the auth deadline must not close an authenticated device.
        _quiet?.CancelAfter(TimeSpan.FromSeconds(options.IdleTimeoutSeconds));
        LeavePending();
        statistics.Authenticated();
        if (sessions.Register(Session.DeviceId, this) is { } older)
        {
            older.Close(DeviceTcpCloseReason.ReplacedByNewerConnection);
        }
        DeviceTcpLog.Authenticated(logger, Session.DeviceId, connectionId, remote?.ToString());
        await hooks.OnConnectedAsync(Session, ct);
        await SendAsync(o => DeviceTcpWriter.AuthResult(o, true, outcome.Message, Now()));
        return true;
    }

    private void LeavePending()
    {
        if (!_countedAsPending) return;
        _countedAsPending = false;
        pending.Leave(remote);
    }

    private async Task<bool> DispatchAsync(ReadOnlySequence<byte> line, CancellationToken ct)
    {
        var session = Session!;
        statistics.MessageReceived();
        if (hooks.IsTrafficWatched(session))
        {
            hooks.OnTraffic(session, new DeviceTcpTraffic(DeviceTcpDirection.FromDevice, Text(line), time.GetUtcNow()));
        }
        var message = DeviceTcpMessageParser.Parse(line, out var error);
        if (error is null && message.DeviceId is { } claimed && !string.Equals(claimed, session.DeviceId, StringComparison.OrdinalIgnoreCase))
        {
            error = $"device_id '{claimed}' is not the device authenticated on this connection ({session.DeviceId})";
        }
        if (error is null && message is AuthMessage)
        {
            error = "this connection is already authenticated";
        }
        if (error is not null)
        {
            await RefuseAsync(session, error);
            return true;
        }

        try
        {
            switch (message)
            {
                case DataMessage data:
                    var outcome = await hooks.OnDataAsync(session, data, ct);
                    if (outcome.Refusal is { } refusal) await RefuseAsync(session, refusal);
                    else if (!outcome.Stored.IsCompletedSuccessfully) (_pendingStores ??= new PendingStores(ReportNotStoredAsync)).Add(outcome.Stored, data.Timestamp);
                    break;
                case StatusMessage status:
                    await hooks.OnStatusAsync(session, status, ct);
                    break;
                case CommandResponseMessage response:
                    await hooks.OnCommandResponseAsync(session, response, ct);
                    break;
                case PingMessage:
                    await SendAsync(o => DeviceTcpWriter.Pong(o, Now()));
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The device is not at fault; tell it the message was not taken so it can send it again.
            DeviceTcpLog.HookFailed(logger, e, session.DeviceId);
            await RefuseAsync(session, "the platform could not process this message; send it again later");
        }
        return true;
    }

    // The line was queued and the next one read at once; should the commit fail, the device still hears of it.
    private async Task ReportNotStoredAsync(long? timestamp, Exception e)
    {
        var session = Session!;
        DeviceTcpLog.HookFailed(logger, e, session.DeviceId);
        var which = timestamp is { } ts ? $"the data message with timestamp {ts}" : "a data message";
        await RefuseAsync(session, $"{which} could not be stored; send it again later");
    }

    private async Task RefuseAsync(DeviceTcpSession session, string error)
    {
        statistics.MessageRefused();
        hooks.OnTraffic(session, new DeviceTcpTraffic(DeviceTcpDirection.Refused, error, time.GetUtcNow()));
        await TrySendAsync(o => DeviceTcpWriter.Error(o, error, Now()));
    }

    /// <summary>One writer at a time: replies from the read loop and commands from the console share the socket.</summary>
    private async Task SendAsync(Action<IBufferWriter<byte>> write)
    {
        var message = new ArrayBufferWriter<byte>(256);
        write(message);
        await _writeLock.WaitAsync();
        try
        {
            await transport.Output.WriteAsync(message.WrittenMemory);
        }
        finally
        {
            _writeLock.Release();
        }
        statistics.MessageSent();
        if (Session is { } session && hooks.IsTrafficWatched(session))
        {
            hooks.OnTraffic(session, new DeviceTcpTraffic(DeviceTcpDirection.ToDevice, Encoding.UTF8.GetString(message.WrittenSpan).TrimEnd('\n'), time.GetUtcNow()));
        }
    }

    /// <summary>Last words before closing: the peer may already be gone.</summary>
    private async Task TrySendAsync(Action<IBufferWriter<byte>> write)
    {
        try
        {
            await SendAsync(write);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ConnectionResetException or OperationCanceledException)
        {
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeSeconds();

    private static string Text(in ReadOnlySequence<byte> line)
    {
        var shown = line.Length > TrafficTextLimit ? line.Slice(0, TrafficTextLimit) : line;
        var text = Encoding.UTF8.GetString(shown);
        return line.Length > TrafficTextLimit ? text + $"… ({line.Length} bytes)" : text;
    }
}
