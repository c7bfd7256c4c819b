using NovaConsole.Mqtt.Broker.Diagnostics;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>The connect timeout and the keep-alive, kept by the broker's shared <see cref="ConnectionDeadlines"/>.</summary>
internal sealed partial class MqttConnection
{
    private long _keepAliveLimit; // in TimeProvider timestamp units; 0 until a keep-alive is running

    /// <summary>This connection's place in <see cref="ConnectionDeadlines"/>; only it reads and writes these.</summary>
    internal int DeadlineSlot = -1;

    internal long DeadlineDue;

    private void StartConnectTimeout() =>
        _broker.Deadlines.Schedule(this, _broker.Time.GetTimestamp() + ToTimestampUnits(_broker.Options.ConnectTimeout));

    private void StartKeepAlive(ushort keepAliveSeconds)
    {
        if (keepAliveSeconds == 0)
        {
            return; // §3.1.2.10: 0 turns the mechanism off.
        }

        var limit = ToTimestampUnits(TimeSpan.FromSeconds(keepAliveSeconds * 1.5));
        Volatile.Write(ref _keepAliveLimit, limit);
        _broker.Deadlines.Schedule(this, Volatile.Read(ref _lastPacketTimestamp) + limit);
    }

    /// <summary>The deadline has come: close the connection, or return when to look again.</summary>
    internal long? OnDeadline(long now)
    {
        if (Volatile.Read(ref _connect) is null)
        {
            MqttBrokerLog.ConnectTimeout(_logger, _info.ConnectionId, _info.RemoteEndPoint, _broker.Options.ConnectTimeout);
            Abort(MqttDisconnectReason.ProtocolError);
            return null;
        }

        // CONNECT read but not yet answered: the keep-alive starts with the CONNACK and schedules itself.
        var limit = Volatile.Read(ref _keepAliveLimit);
        if (limit == 0)
        {
            return null;
        }

        // MQTT 3.1.1 §3.1.2.10 [MQTT-3.1.2-24]: nothing received for 1.5 x keep-alive closes the connection.
        // Packets do not push the deadline back; it is checked again for the time still left.
        var last = Volatile.Read(ref _lastPacketTimestamp);
        if (now - last >= limit)
        {
            MqttBrokerLog.KeepAliveExpired(_logger, _client?.ClientId ?? _info.ConnectionId, _client?.KeepAliveSeconds ?? 0);
            Abort(MqttDisconnectReason.KeepAliveTimeout);
            return null;
        }

        return last + limit;
    }

    private long ToTimestampUnits(TimeSpan span) => (long)(span.TotalSeconds * _broker.Time.TimestampFrequency);
}
