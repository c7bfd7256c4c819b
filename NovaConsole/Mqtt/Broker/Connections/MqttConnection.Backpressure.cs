using NovaConsole.Mqtt.Broker.Persistence;
using NovaConsole.Mqtt.Broker.Sessions;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>Waiting on subscribers' queues (<c>Mqtt:OverflowPolicy</c> backpressure) and on the broker's state file.</summary>
internal sealed partial class MqttConnection
{
    // Waits are cut into slices so an aborted publisher (shutdown, takeover) stops waiting within one.
    private static readonly TimeSpan RoomSlice = TimeSpan.FromSeconds(1);

    private async ValueTask<bool> AwaitTakenThenRoomAsync(ValueTask<MqttMessageReceipt> taken, List<MqttSession> congested)
    {
        await AwaitTakenAsync(taken).ConfigureAwait(false);
        return await WaitForRoomAsync(congested).ConfigureAwait(false);
    }

    /// <summary>
    /// The next packet is not read until every queue this message filled is down to its resume mark, so the publisher's
    /// TCP window closes and nothing is dropped. A subscriber that takes nothing from its queue for
    /// <see cref="MqttBrokerOptions.BackpressureTimeoutSeconds"/> is disconnected (stuck, or a client that publishes to
    /// itself and reads only when its write completes: without the bound both sides would wait for ever); a slow
    /// subscriber that keeps taking is waited for as long as it keeps taking.
    /// </summary>
    private async ValueTask<bool> WaitForRoomAsync(List<MqttSession> congested)
    {
        var time = _broker.Time;
        var timeout = TimeSpan.FromSeconds(_broker.Options.BackpressureTimeoutSeconds);
        foreach (var session in congested)
        {
            var progress = session.TakenCount;
            var since = time.GetTimestamp();
            while (session.WhenRoom() is { } room)
            {
                try
                {
                    await room.WaitAsync(RoomSlice, time).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Judged below.
                }

                // Paused by the broker, not idle: the keep-alive must not close the publisher for it.
                Volatile.Write(ref _lastPacketTimestamp, time.GetTimestamp());
                if (AbortReason is not null)
                {
                    return true; // the read loop sees the reason
                }

                if (session.TakenCount != progress)
                {
                    progress = session.TakenCount;
                    since = time.GetTimestamp();
                }
                else if (time.GetElapsedTime(since) >= timeout && session.Connection is { } stuck)
                {
                    BrokerStateLog.SlowSubscriberDisconnected(_logger, session.ClientId, session.QueuedCount, _broker.Options.BackpressureTimeoutSeconds);
                    stuck.Abort(MqttDisconnectReason.ServerKick);
                    since = time.GetTimestamp();
                }
            }
        }

        return true;
    }

    // A QoS 1 message kept in the state file (queued for a persistent session, or retained) is acknowledged once the
    // batch holding it is committed, so a PUBACK never promises what a kill -9 would lose.
    private Task? AlsoStateWritten(Task? stored, bool recorded)
    {
        if (!recorded || _broker.State is not { } state)
        {
            return stored;
        }

        var written = state.WrittenAsync();
        return stored is null || stored.IsCompletedSuccessfully ? written : Task.WhenAll(stored, written);
    }

    private async ValueTask<bool> StateWrittenAsync()
    {
        if (_broker.State is not { } state)
        {
            return true;
        }

        try
        {
            await state.WrittenAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            StoreFailed(ex);
            return false;
        }
    }
}
