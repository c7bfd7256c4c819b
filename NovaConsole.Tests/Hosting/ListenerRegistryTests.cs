using System.Net;
using NovaConsole.Hosting;

namespace NovaConsole.Tests.Hosting;

/// <summary>The ports devices are told to use come from the registry: bound beats configured, and an off listener has none.</summary>
public sealed class ListenerRegistryTests
{
    [Fact]
    public void A_configured_port_is_the_answer_until_the_listener_binds()
    {
        var registry = new ListenerRegistry();
        IPEndPoint? bound = null;
        registry.Expect(ListenerNames.Mqtt, 0);
        registry.Add(ListenerNames.Mqtt, "mqtt", () => bound);
        registry.Expect(ListenerNames.DeviceTcp, 9100);

        Assert.Null(registry.Port(ListenerNames.Mqtt));
        Assert.Equal(9100, registry.Port(ListenerNames.DeviceTcp));

        bound = new IPEndPoint(IPAddress.Loopback, 41883);
        Assert.Equal(41883, registry.Port(ListenerNames.Mqtt));
    }

    [Fact]
    public void A_listener_turned_off_or_never_named_has_no_port()
    {
        var registry = new ListenerRegistry();
        registry.Expect(ListenerNames.MqttTls, -1);

        Assert.Null(registry.Port(ListenerNames.MqttTls));
        Assert.Null(registry.Port(ListenerNames.DeviceTcpTls));
    }
}
