using System.Net;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Diagnostics;

/// <summary>Every broker log line (EventIds 3000-3199). Passwords are never a parameter here.</summary>
internal static partial class MqttBrokerLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "MQTT connection {ConnectionId} opened from {RemoteEndPoint} over {Transport}")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, EndPoint? remoteEndPoint, MqttTransport transport);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "MQTT client {ClientId} connected from {RemoteEndPoint} ({ProtocolVersion}, clean session {CleanSession}, keep-alive {KeepAlive}s, session present {SessionPresent})")]
    public static partial void ClientConnected(ILogger logger, string clientId, EndPoint? remoteEndPoint, MqttProtocolVersion protocolVersion, bool cleanSession, ushort keepAlive, bool sessionPresent);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "MQTT client {ClientId} disconnected: {Reason}")]
    public static partial void ClientDisconnected(ILogger logger, string clientId, MqttDisconnectReason reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "MQTT CONNECT from {RemoteEndPoint} (client id '{ClientId}') refused with {ReturnCode}")]
    public static partial void ConnectRefused(ILogger logger, EndPoint? remoteEndPoint, string clientId, MqttConnectReturnCode returnCode);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "MQTT connection {ConnectionId} (client '{ClientId}') closed for a protocol violation ({Reason}): {Detail}")]
    public static partial void ProtocolViolation(ILogger logger, string connectionId, string? clientId, MqttProtocolErrorReason reason, string detail);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "MQTT connection {ConnectionId} from {RemoteEndPoint} sent no CONNECT within {Timeout}; closed")]
    public static partial void ConnectTimeout(ILogger logger, string connectionId, EndPoint? remoteEndPoint, TimeSpan timeout);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "MQTT client {ClientId} sent nothing within 1.5 x its keep-alive of {KeepAlive}s; closed")]
    public static partial void KeepAliveExpired(ILogger logger, string clientId, ushort keepAlive);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "MQTT client {ClientId} connected again from {RemoteEndPoint}; closing its previous connection {PreviousConnectionId}")]
    public static partial void Takeover(ILogger logger, string clientId, EndPoint? remoteEndPoint, string previousConnectionId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "MQTT client {ClientId} may not publish to '{Topic}' ({Why}); acknowledged and dropped")]
    public static partial void PublishRefused(ILogger logger, string clientId, string topic, string why);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug, Message = "MQTT client {ClientId} may not subscribe to '{Filter}' ({Why}); SUBACK 0x80")]
    public static partial void SubscribeRefused(ILogger logger, string clientId, string filter, string why);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "MQTT session {ClientId} holds {Limit} queued messages; dropping the oldest (logged once per session)")]
    public static partial void QueueOverflow(ILogger logger, string clientId, int limit);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "MQTT client {ClientId}: will published to '{Topic}'")]
    public static partial void WillPublished(ILogger logger, string clientId, string topic);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Error, Message = "MQTT broker hook {Hook} failed for client '{ClientId}'")]
    public static partial void HookFailed(ILogger logger, Exception exception, string hook, string clientId);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "MQTT connection {ConnectionId} failed unexpectedly")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "MQTT broker stopping: closing {Count} connections")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "MQTT broker is at its limit of {Max} connections; CONNECT from {RemoteEndPoint} refused")]
    public static partial void MaxConnectionsReached(ILogger logger, int max, EndPoint? remoteEndPoint);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Debug, Message = "MQTT connection {ConnectionId} transport ended: {Detail}")]
    public static partial void TransportEnded(ILogger logger, string connectionId, string detail);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Warning, Message = "MQTT $SYS statistics publish failed")]
    public static partial void SysPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Warning, Message = "MQTT broker stop timed out with {Count} connections still open")]
    public static partial void ShutdownTimedOut(ILogger logger, int count);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "MQTT client {ClientId}: RETAIN=1 message on '{Topic}' delivered but not retained: {Why} ({Suppressed} more such refusals in the minute before were not logged)")]
    public static partial void RetainRefused(ILogger logger, string clientId, string topic, string why, long suppressed);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Debug, Message = "MQTT client {ClientId}: unknown packet identifier {PacketId} in {PacketType}; ignored")]
    public static partial void UnknownPacketId(ILogger logger, string clientId, ushort packetId, MqttPacketType packetType);
}
