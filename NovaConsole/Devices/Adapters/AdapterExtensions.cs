using NovaConsole.Devices.Tcp;
using NovaConsole.Mqtt.Broker;

namespace NovaConsole.Devices.Adapters;

internal static class AdapterExtensions
{
    /// <summary>Connects the transports to the domain: each adapter implements its transport's hooks and the domain's transport-facing interfaces.</summary>
    public static IHostApplicationBuilder AddDeviceAdapters(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IDeviceTcpHooks, TcpDeviceAdapter>();
        builder.Services.AddSingleton<IDeviceSessionControl, TcpSessionControl>();

        builder.Services.AddSingleton<PlatformCloseReasons>();
        builder.Services.AddSingleton<MqttDeviceMessages>();
        builder.Services.AddSingleton<MqttDeviceConnections>();
        builder.Services.AddSingleton<IMqttBrokerHooks, MqttDeviceAdapter>();
        builder.Services.AddSingleton<IDeviceSessionControl, MqttSessionControl>();
        builder.Services.AddSingleton<BrokerClientControl>();
        builder.Services.AddSingleton<NovaConsole.Commands.IDeviceCommandTransport, MqttCommandTransport>();
        builder.Services.AddSingleton<MqttOtaTransport>();
        builder.Services.AddSingleton<NovaConsole.Ota.IOtaInformTransport>(sp => sp.GetRequiredService<MqttOtaTransport>());
        return builder;
    }
}
