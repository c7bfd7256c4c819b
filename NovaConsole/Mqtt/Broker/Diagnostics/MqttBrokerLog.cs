using System.Net;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Shared.Logging;

namespace NovaConsole.Mqtt.Broker.Diagnostics;

/// <summary>
/// Every broker log line (EventIds 3000-3199). Passwords are never a parameter here. Client ids, topics and details
/// come from the wire and go through <see cref="LogValue.Truncate"/>; refusals are rate-limited per remote address.
/// </summary>
internal static partial class MqttBrokerLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "MQTT connection {ConnectionId} opened from {RemoteEndPoint} over {Transport}")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, EndPoint? remoteEndPoint, MqttTransport transport);

    public static void ClientConnected(ILogger logger, string clientId, EndPoint? remoteEndPoint, MqttProtocolVersion protocolVersion, bool cleanSession, ushort keepAlive, bool sessionPresent)
    {
        if (logger.IsEnabled(LogLevel.Information)) LogClientConnected(logger, LogValue.Truncate(clientId), remoteEndPoint, protocolVersion, cleanSession, keepAlive, sessionPresent);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "MQTT client {ClientId} connected from {RemoteEndPoint} ({ProtocolVersion}, clean session {CleanSession}, keep-alive {KeepAlive}s, session present {SessionPresent})")]
    private static partial void LogClientConnected(ILogger logger, string clientId, EndPoint? remoteEndPoint, MqttProtocolVersion protocolVersion, bool cleanSession, ushort keepAlive, bool sessionPresent);

    public static void ClientDisconnected(ILogger logger, string clientId, MqttDisconnectReason reason)
    {
        if (logger.IsEnabled(LogLevel.Information)) LogClientDisconnected(logger, LogValue.Truncate(clientId), reason);
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "MQTT client {ClientId} disconnected: {Reason}")]
    private static partial void LogClientDisconnected(ILogger logger, string clientId, MqttDisconnectReason reason);

    public static void ConnectRefused(ILogger logger, EndPoint? remoteEndPoint, string clientId, MqttConnectReturnCode returnCode)
    {
        if (logger.IsEnabled(LogLevel.Information) && LogRateLimit.Allow(logger, 3003, (remoteEndPoint as IPEndPoint)?.Address.ToString())) LogConnectRefused(logger, remoteEndPoint, LogValue.Truncate(clientId), returnCode);
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "MQTT CONNECT from {RemoteEndPoint} (client id '{ClientId}') refused with {ReturnCode}")]
    private static partial void LogConnectRefused(ILogger logger, EndPoint? remoteEndPoint, string clientId, MqttConnectReturnCode returnCode);

    // No remote address reaches this line, so a flood of broken connections is limited as one source.
    public static void ProtocolViolation(ILogger logger, string connectionId, string? clientId, MqttProtocolErrorReason reason, string detail)
    {
        if (logger.IsEnabled(LogLevel.Warning) && LogRateLimit.Allow(logger, 3004, null)) LogProtocolViolation(logger, connectionId, clientId is null ? null : LogValue.Truncate(clientId), reason, LogValue.Truncate(detail));
    }

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "MQTT connection {ConnectionId} (client '{ClientId}') closed for a protocol violation ({Reason}): {Detail}")]
    private static partial void LogProtocolViolation(ILogger logger, string connectionId, string? clientId, MqttProtocolErrorReason reason, string detail);

    public static void ConnectTimeout(ILogger logger, string connectionId, EndPoint? remoteEndPoint, TimeSpan timeout)
    {
        if (logger.IsEnabled(LogLevel.Information) && LogRateLimit.Allow(logger, 3005, (remoteEndPoint as IPEndPoint)?.Address.ToString())) LogConnectTimeout(logger, connectionId, remoteEndPoint, timeout);
    }

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "MQTT connection {ConnectionId} from {RemoteEndPoint} sent no CONNECT within {Timeout}; closed")]
    private static partial void LogConnectTimeout(ILogger logger, string connectionId, EndPoint? remoteEndPoint, TimeSpan timeout);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "MQTT client {ClientId} sent nothing within 1.5 x its keep-alive of {KeepAlive}s; closed")]
    public static partial void KeepAliveExpired(ILogger logger, string clientId, ushort keepAlive);

    public static void Takeover(ILogger logger, string clientId, EndPoint? remoteEndPoint, string previousConnectionId)
    {
        if (logger.IsEnabled(LogLevel.Information)) LogTakeover(logger, LogValue.Truncate(clientId), remoteEndPoint, previousConnectionId);
    }

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "MQTT client {ClientId} connected again from {RemoteEndPoint}; closing its previous connection {PreviousConnectionId}")]
    private static partial void LogTakeover(ILogger logger, string clientId, EndPoint? remoteEndPoint, string previousConnectionId);

    public static void PublishRefused(ILogger logger, string clientId, string topic, string why)
    {
        if (logger.IsEnabled(LogLevel.Debug)) LogPublishRefused(logger, LogValue.Truncate(clientId), LogValue.Truncate(topic), why);
    }

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "MQTT client {ClientId} may not publish to '{Topic}' ({Why}); acknowledged and dropped")]
    private static partial void LogPublishRefused(ILogger logger, string clientId, string topic, string why);

    public static void SubscribeRefused(ILogger logger, string clientId, string filter, string why)
    {
        if (logger.IsEnabled(LogLevel.Debug)) LogSubscribeRefused(logger, LogValue.Truncate(clientId), LogValue.Truncate(filter), why);
    }

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug, Message = "MQTT client {ClientId} may not subscribe to '{Filter}' ({Why}); SUBACK 0x80")]
    private static partial void LogSubscribeRefused(ILogger logger, string clientId, string filter, string why);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "MQTT session {ClientId} holds {Limit} queued messages; dropping the oldest (logged once per session)")]
    public static partial void QueueOverflow(ILogger logger, string clientId, int limit);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "MQTT client {ClientId}: will published to '{Topic}'")]
    public static partial void WillPublished(ILogger logger, string clientId, string topic);

    public static void HookFailed(ILogger logger, Exception exception, string hook, string clientId)
    {
        if (logger.IsEnabled(LogLevel.Error)) LogHookFailed(logger, exception, hook, LogValue.Truncate(clientId));
    }

    [LoggerMessage(EventId = 3012, Level = LogLevel.Error, Message = "MQTT broker hook {Hook} failed for client '{ClientId}'")]
    private static partial void LogHookFailed(ILogger logger, Exception exception, string hook, string clientId);

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

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "MQTT CONNECT from {RemoteEndPoint} asked for client id '{ClientId}', whose session belongs to another principal; refused with 0x02")]
    public static partial void SessionOwnedByAnother(ILogger logger, string clientId, EndPoint? remoteEndPoint);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "MQTT client {ClientId} resumed a session holding '{Filter}', which it may no longer subscribe to; removed")]
    public static partial void SubscriptionRevoked(ILogger logger, string clientId, string filter);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Information, Message = "MQTT sessions of '{Owner}' ended: {Removed} removed")]
    public static partial void SessionsEnded(ILogger logger, string owner, int removed);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Debug, Message = "MQTT connection from {RemoteEndPoint} closed at once: the address already holds {Max} connections that have not completed CONNECT")]
    public static partial void TooManyPendingConnections(ILogger logger, EndPoint? remoteEndPoint, int max);
}
