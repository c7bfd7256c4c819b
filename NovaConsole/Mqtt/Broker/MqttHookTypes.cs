using System.Buffers;
using System.Net;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker;

/// <summary>Why a connected client's network connection ended.</summary>
internal enum MqttDisconnectReason : byte
{
    /// <summary>The client sent DISCONNECT: the will is discarded (MQTT 3.1.1 §3.14.4).</summary>
    ClientDisconnect,

    /// <summary>Nothing received within 1.5 times the keep-alive (MQTT 3.1.1 §3.1.2.10).</summary>
    KeepAliveTimeout,

    /// <summary>Another connection CONNECTed with the same client id (MQTT 3.1.1 §3.1.4 step 2).</summary>
    Takeover,

    /// <summary>A malformed packet or a protocol violation (MQTT 3.1.1 §4.8).</summary>
    ProtocolError,

    /// <summary>The server asked for it (<see cref="MqttBroker.DisconnectAsync"/>), or a hook failed.</summary>
    ServerKick,

    /// <summary>The network connection closed or failed without DISCONNECT.</summary>
    TransportClosed,

    /// <summary>The host is stopping.</summary>
    ServerShutdown,
}

/// <summary>What a CONNECT asks for, as <see cref="IMqttBrokerHooks.AuthenticateAsync"/> sees it.</summary>
internal sealed record MqttConnectRequest(
    string ClientId,
    string? UserName,
    ReadOnlyMemory<byte>? Password,
    EndPoint? RemoteEndPoint,
    MqttTransport Transport,
    MqttProtocolVersion ProtocolVersion,
    bool CleanSession,
    ushort KeepAliveSeconds,
    bool HasWill,
    CancellationToken ConnectionAborted)
{
    public bool IsSecure => Transport is MqttTransport.Tls or MqttTransport.SecureWebSocket;

    /// <summary>True when the client id was empty and the broker assigned one (MQTT 3.1.1 §3.1.3.1).</summary>
    public bool ClientIdAssigned { get; init; }

    // A record prints every property; a password must never reach a log line.
    public override string ToString() =>
        $"MqttConnectRequest {{ ClientId = {ClientId}, UserName = {UserName}, Password = {(Password is null ? "none" : "***")}, " +
        $"RemoteEndPoint = {RemoteEndPoint}, Transport = {Transport}, ProtocolVersion = {ProtocolVersion} }}";
}

/// <summary>The answer of <see cref="IMqttBrokerHooks.AuthenticateAsync"/>.</summary>
internal sealed record MqttAuthResult
{
    private MqttAuthResult(MqttConnectReturnCode returnCode, object? identity, IReadOnlyDictionary<string, string>? properties, string? sessionOwner = null)
    {
        ReturnCode = returnCode;
        Identity = identity;
        Properties = properties;
        SessionOwner = sessionOwner;
    }

    public static MqttAuthResult BadUserNameOrPassword { get; } = new(MqttConnectReturnCode.BadUserNameOrPassword, null, null);

    public static MqttAuthResult NotAuthorized { get; } = new(MqttConnectReturnCode.NotAuthorized, null, null);

    public MqttConnectReturnCode ReturnCode { get; }

    public bool IsAccepted => ReturnCode == MqttConnectReturnCode.Accepted;

    /// <summary>The product's own notion of who this is (a device id, an account); the broker only carries it.</summary>
    public object? Identity { get; }

    public IReadOnlyDictionary<string, string>? Properties { get; }

    /// <summary>
    /// Who owns the sessions this client creates (a device id; null for anonymous clients). A client id whose
    /// session belongs to another owner is refused with 0x02, so one principal can never take over, resume or
    /// discard another's session by guessing its client id.
    /// </summary>
    public string? SessionOwner { get; }

    public static MqttAuthResult Accept(object? identity = null, IReadOnlyDictionary<string, string>? properties = null, string? sessionOwner = null) =>
        new(MqttConnectReturnCode.Accepted, identity, properties, sessionOwner);

    /// <summary>Refuses with a CONNACK return code (MQTT 3.1.1 §3.2.2.3), e.g. 0x04 or 0x05.</summary>
    public static MqttAuthResult Refuse(MqttConnectReturnCode returnCode) =>
        returnCode == MqttConnectReturnCode.Accepted
            ? throw new ArgumentOutOfRangeException(nameof(returnCode), "A refusal needs a non-zero return code.")
            : new(returnCode, null, null);
}

/// <summary>
/// One connected client as the hooks see it; created once per accepted CONNECT, so passing it costs nothing.
/// </summary>
internal sealed class MqttClientContext
{
    public required string ClientId { get; init; }

    public required string ConnectionId { get; init; }

    public string? UserName { get; init; }

    /// <summary>What <see cref="MqttAuthResult.Identity"/> said.</summary>
    public object? Identity { get; init; }

    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>What <see cref="MqttAuthResult.SessionOwner"/> said.</summary>
    public string? SessionOwner { get; init; }

    public EndPoint? RemoteEndPoint { get; init; }

    public MqttTransport Transport { get; init; }

    public MqttProtocolVersion ProtocolVersion { get; init; }

    public bool CleanSession { get; init; }

    public ushort KeepAliveSeconds { get; init; }

    public DateTimeOffset ConnectedAt { get; init; }

    public bool IsSecure => Transport is MqttTransport.Tls or MqttTransport.SecureWebSocket;

    public override string ToString() => ClientId;
}

/// <summary>
/// An application message as <see cref="IMqttBrokerHooks.OnMessagePublishedAsync"/> sees it: slices of the
/// receive buffer, valid only during the call (a ref struct, so they cannot be kept by mistake).
/// </summary>
internal readonly ref struct MqttPublishedMessage
{
    public MqttPublishedMessage(ReadOnlySpan<char> topic, ReadOnlySequence<byte> payload, MqttQualityOfService qualityOfService, bool retain)
    {
        Topic = topic;
        Payload = payload;
        QualityOfService = qualityOfService;
        Retain = retain;
    }

    public ReadOnlySpan<char> Topic { get; }

    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>MQTT 5 PUBLISH properties (response topic, correlation data, user properties, ...); null in 3.1.x.</summary>
    public MqttProperties? Properties { get; init; }

    public MqttQualityOfService QualityOfService { get; }

    public bool Retain { get; }
}

/// <summary>
/// What <see cref="IMqttBrokerHooks.OnMessagePublishedAsync"/> answers once it has taken a message in order:
/// nothing more to wait for, or a task that completes when the message is durable. The broker reads the client's
/// next packet as soon as the receipt is given, and sends the QoS 1 PUBACK / QoS 2 PUBREC only after
/// <see cref="Stored"/> completes (PUBACKs still in arrival order, MQTT 3.1.1 §4.6); a faulted
/// <see cref="Stored"/> closes the connection without acknowledging.
/// </summary>
internal readonly struct MqttMessageReceipt
{
    private MqttMessageReceipt(Task stored) => Stored = stored;

    /// <summary>Taken, and nothing more to wait for before acknowledging.</summary>
    public static MqttMessageReceipt Taken => default;

    /// <summary>Null when nothing is pending.</summary>
    public Task? Stored { get; }

    /// <summary>Acknowledge once <paramref name="stored"/> completes; meanwhile the client's next packets are read.</summary>
    public static MqttMessageReceipt WhenStored(Task stored) => new(stored);

    public static implicit operator ValueTask<MqttMessageReceipt>(MqttMessageReceipt receipt) => new(receipt);
}
