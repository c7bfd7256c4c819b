using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>A device's ready-made settings name the ports the app really bound (port 0 in tests), read from the listener registry.</summary>
public sealed class DeviceConnectionSettingsTests
{
    [Fact]
    public async Task The_settings_show_the_bound_ports_of_the_listeners()
    {
        await using var host = await AppHost.StartAsync();
        var settings = host.Services.GetRequiredService<DeviceConnectionSettings>();

        var info = settings.For("127.0.0.1", "dev-1", "key");

        Assert.Equal(host.Listener("mqtt").Port, info.MqttPort);
        Assert.Equal(host.Listener("mqtt-tls").Port, info.MqttTlsPort);
        Assert.Equal(host.Listener("device-tcp").Port, info.TcpPort);
    }
}
