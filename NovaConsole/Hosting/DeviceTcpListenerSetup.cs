using NovaConsole.Health;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using NovaConsole.Devices.Tcp;
using NovaConsole.Mqtt.Broker.Connections;

namespace NovaConsole.Hosting;

/// <summary>The NovaCloud device TCP port (seed 004 §3, default 9000) and its optional TLS twin, on Kestrel.</summary>
internal static class DeviceTcpListenerSetup
{
    public static WebApplicationBuilder AddDeviceTcpListener(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DeviceTcpOptions.Section);
        builder.Services.AddOptions<DeviceTcpOptions>().Bind(section)
            .Validate(o => o.Validate() is null, "DeviceTcp settings are invalid (ports -1, 0 or 1-65535; positive timeouts; MaxMessageBytes 1 KiB-16 MiB).")
            .ValidateOnStart();
        builder.Services.AddSingleton<DeviceTcpSessions>();
        builder.Services.AddSingleton<DeviceTcpStatistics>();
        builder.Services.AddStatsSource("deviceTcp", services => services.GetRequiredService<DeviceTcpStatistics>().Snapshot());
        // The device TCP listeners' own (the broker keeps its limit inside); Kestrel's activator cannot take keyed services.
        builder.Services.AddSingleton(services =>
            new PendingConnectionLimit(services.GetRequiredService<IOptions<DeviceTcpOptions>>().Value.MaxPendingConnectionsPerAddress));

        var options = section.Get<DeviceTcpOptions>() ?? new DeviceTcpOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var registry = kestrel.ApplicationServices.GetRequiredService<ListenerRegistry>();
            var address = IPAddress.Parse(options.BindAddress);
            registry.Expect(ListenerNames.DeviceTcp, options.Port);
            if (options.Port >= 0)
            {
                kestrel.Listen(address, options.Port, listen =>
                {
                    listen.UseConnectionHandler<DeviceTcpConnectionHandler>();
                    registry.Add(ListenerNames.DeviceTcp, "tcp", listen);
                });
            }
            if (options.TlsPort >= 0)
            {
                kestrel.Listen(address, options.TlsPort, listen =>
                {
                    listen.UseHttps(TlsSettings.For(kestrel.ApplicationServices.GetRequiredService<ServerCertificate>()));
                    listen.UseConnectionHandler<DeviceTcpConnectionHandler>();
                    registry.Add(ListenerNames.DeviceTcpTls, "tcp+tls", listen);
                });
            }
        });
        return builder;
    }
}
