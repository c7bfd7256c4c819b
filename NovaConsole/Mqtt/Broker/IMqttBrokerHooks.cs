namespace NovaConsole.Mqtt.Broker;

/// <summary>
/// The seam between the broker and the product: the broker asks these questions and reports these events, and
/// knows nothing else of the domain. One singleton implementation; every member may be called concurrently
/// from many connections, so implementations must be thread-safe.
/// </summary>
/// <remarks>
/// <para>Authorization is synchronous on purpose: it runs for every PUBLISH, and the QoS 0 path allocates
/// nothing. Do slow look-ups (database, keys) once in <see cref="AuthenticateAsync"/> and keep what the rules
/// need in <see cref="MqttAuthResult.Identity"/>; <see cref="MqttClientContext.Identity"/> hands it back.</para>
/// <para>A hook that throws is logged; the broker then refuses (authentication, authorization) or closes the
/// connection without acknowledging (a failed <see cref="OnMessagePublishedAsync"/> or receipt for QoS 1/2, so that the
/// client sends the message again when it reconnects, MQTT 3.1.1 §4.4).</para>
/// </remarks>
internal interface IMqttBrokerHooks
{
    /// <summary>
    /// Decides a CONNECT (MQTT 3.1.1 §3.1.4 step 3): accept with an identity, or refuse with CONNACK 0x04
    /// (bad user name or password) or 0x05 (not authorized).
    /// </summary>
    ValueTask<MqttAuthResult> AuthenticateAsync(MqttConnectRequest request);

    /// <summary>May this client publish to this topic name? Also asked for its will when the will is published.
    /// Called per message: keep it allocation-free. A refused PUBLISH is still acknowledged, then dropped.</summary>
    bool AuthorizePublish(MqttClientContext client, ReadOnlySpan<char> topic);

    /// <summary>May this client subscribe to this (valid) topic filter? Refused filters get 0x80 in SUBACK.</summary>
    bool AuthorizeSubscribe(MqttClientContext client, string topicFilter);

    /// <summary>
    /// May this client's authorized RETAIN=1 message (or retained will) be kept as the topic's retained message? Answer
    /// false when no client could ever subscribe to the topic: a retained copy nobody can read only holds memory. A
    /// refused message is still delivered and passed to <see cref="OnMessagePublishedAsync"/>, just not retained; an empty
    /// payload (which clears a retained message) is never asked about. Called only for RETAIN=1, so it may allocate.
    /// </summary>
    bool AuthorizeRetain(MqttClientContext client, ReadOnlySpan<char> topic) => true;

    /// <summary>
    /// An authorized RETAIN=1 message was not retained because of a retained-message limit (per client or in total);
    /// <paramref name="reason"/> says which. The message itself was delivered as usual. Not called for refusals of
    /// <see cref="AuthorizeRetain"/>, which the product already knows about.
    /// </summary>
    void OnRetainRefused(MqttClientContext client, string topic, string reason)
    {
    }

    /// <summary>
    /// An authorized application message arrived from a client (also a will when it is published). The view is
    /// valid only until this method returns: copy topic and payload before the first await. The broker waits for
    /// the returned receipt before it reads the client's next packet (so messages are taken in order and a slow
    /// product slows the client down, QoS 0 included), and for the receipt's <see cref="MqttMessageReceipt.Stored"/>
    /// before PUBACK / PUBREC: a product that stores durably makes the client's acknowledgement mean "stored",
    /// while the client's next messages already go into the same storage batch.
    /// </summary>
    ValueTask<MqttMessageReceipt> OnMessagePublishedAsync(MqttClientContext client, in MqttPublishedMessage message);

    /// <summary>A client completed CONNECT (after CONNACK 0x00 was written).</summary>
    void OnClientConnected(MqttClientContext client);

    /// <summary>
    /// A filter was granted and is in the subscription index (after the SUBACK was written): a message published now
    /// reaches the client. Called once per granted filter of a SUBSCRIBE, and for each subscription a resumed session
    /// keeps, right after <see cref="OnClientConnected"/>.
    /// </summary>
    void OnSubscribed(MqttClientContext client, string topicFilter)
    {
    }

    /// <summary>A connected client's network connection ended; called once per <see cref="OnClientConnected"/>.</summary>
    void OnClientDisconnected(MqttClientContext client, MqttDisconnectReason reason);

    /// <summary>
    /// An authenticated client asked for a client id whose session belongs to <paramref name="sessionOwner"/>; it was
    /// refused with CONNACK 0x02 and never connected (so no <see cref="OnClientConnected"/> follows).
    /// </summary>
    void OnSessionOwnerConflict(MqttClientContext client, string? sessionOwner)
    {
    }

}
