using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Broker.Access;

namespace NovaConsole.Mqtt.Broker;

/// <summary>
/// The hooks used until the product registers its own: with <see cref="MqttBrokerOptions.AllowAnonymous"/>,
/// clients that send no credentials are accepted and governed by <see cref="AccessRuleSet"/>
/// (<c>Mqtt:AnonymousRules</c>); credentials cannot be checked here, so they get 0x04. Without it every
/// client is refused with 0x05 (not authorized).
/// </summary>
internal sealed class AnonymousBrokerHooks(IOptions<MqttBrokerOptions> options, AccessRuleSet rules) : IMqttBrokerHooks
{
    private readonly bool _allowAnonymous = options.Value.AllowAnonymous;

    public ValueTask<MqttAuthResult> AuthenticateAsync(MqttConnectRequest request)
    {
        var result = !_allowAnonymous
            ? MqttAuthResult.NotAuthorized
            : request.UserName is null && request.Password is null
                ? MqttAuthResult.Accept()
                : MqttAuthResult.BadUserNameOrPassword;
        return ValueTask.FromResult(result);
    }

    public bool AuthorizePublish(MqttClientContext client, ReadOnlySpan<char> topic) =>
        rules.IsAllowed(AccessOperation.Publish, topic);

    public bool AuthorizeSubscribe(MqttClientContext client, string topicFilter) =>
        rules.IsAllowed(AccessOperation.Subscribe, topicFilter);

    /// <summary>Worth retaining when the rules let some client subscribe to the topic (a name is a filter that matches only itself).</summary>
    public bool AuthorizeRetain(MqttClientContext client, ReadOnlySpan<char> topic) =>
        _allowAnonymous && rules.IsAllowed(AccessOperation.Subscribe, topic);

    public ValueTask<MqttMessageReceipt> OnMessagePublishedAsync(MqttClientContext client, in MqttPublishedMessage message) =>
        MqttMessageReceipt.Taken;

    public void OnClientConnected(MqttClientContext client)
    {
    }

    public void OnClientDisconnected(MqttClientContext client, MqttDisconnectReason reason)
    {
    }
}
