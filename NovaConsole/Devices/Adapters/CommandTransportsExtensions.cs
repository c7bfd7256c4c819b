using Microsoft.Extensions.DependencyInjection.Extensions;
using NovaConsole.Commands;
using NovaConsole.Devices.Tcp;

namespace NovaConsole.Devices.Adapters;

internal static class CommandTransportsExtensions
{
    /// <summary>Commands over the device TCP listener. The MQTT adapter registers its own transport beside this one.</summary>
    public static IHostApplicationBuilder AddTcpCommandTransport(this IHostApplicationBuilder builder)
    {
        // The listener's sessions are shared with the TCP hooks adapter, whichever registers them first.
        builder.Services.TryAddSingleton<DeviceTcpSessions>();
        builder.Services.AddSingleton<TcpCommandTransport>();
        builder.Services.AddSingleton<IDeviceCommandTransport>(sp => sp.GetRequiredService<TcpCommandTransport>());
        return builder;
    }
}
