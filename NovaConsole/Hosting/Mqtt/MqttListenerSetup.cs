using NovaConsole.Health;
using System.Net;
using Microsoft.AspNetCore.Connections;
using NovaConsole.Hosting.Mqtt.Sockets;
using NovaConsole.Mqtt.Broker;

namespace NovaConsole.Hosting.Mqtt;

/// <summary>The broker's listeners: MQTT on 1883, MQTT over TLS on 8883, MQTT over WebSocket at /mqtt on the console's port.</summary>
internal static class MqttListenerSetup
{
    public static WebApplicationBuilder AddMqttListeners(this WebApplicationBuilder builder)
    {
        builder.AddMqttBroker();
        builder.Services.AddBrokerStateFile();
        builder.Services.AddStatsSource("broker", services => services.GetRequiredService<IMqttServer>().GetStatistics());
        var section = builder.Configuration.GetSection(MqttListenerOptions.Section);
        builder.Services.AddOptions<MqttListenerOptions>().Bind(section);
        var options = section.Get<MqttListenerOptions>() ?? new MqttListenerOptions();
        var ownSockets = options.Transport.ToLowerInvariant() switch
        {
            "sockets" => true,
            "kestrel" => false,
            _ => throw new InvalidOperationException($"Mqtt:Transport must be \"sockets\" or \"kestrel\", not \"{options.Transport}\"."),
        };
        if (ownSockets && options.Port >= 0)
        {
            var endPoint = new IPEndPoint(IPAddress.Parse(options.BindAddress), options.Port);
            builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<MqttSocketListener>(sp, endPoint));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<MqttSocketListener>());
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var registry = kestrel.ApplicationServices.GetRequiredService<ListenerRegistry>();
            var address = IPAddress.Parse(options.BindAddress);
            registry.Expect(ListenerNames.Mqtt, options.Port);
            registry.Expect(ListenerNames.MqttTls, options.TlsPort);
            if (!ownSockets && options.Port >= 0)
            {
                kestrel.Listen(address, options.Port, listen =>
                {
                    listen.UseConnectionHandler<MqttConnectionHandler>();
                    registry.Add(ListenerNames.Mqtt, "mqtt", listen);
                });
            }
            if (options.TlsPort >= 0)
            {
                kestrel.Listen(address, options.TlsPort, listen =>
                {
                    listen.UseHttps(TlsSettings.For(kestrel.ApplicationServices.GetRequiredService<ServerCertificate>()));
                    listen.UseConnectionHandler<MqttConnectionHandler>();
                    registry.Add(ListenerNames.MqttTls, "mqtts", listen);
                });
            }
            if (!string.IsNullOrEmpty(options.WebSocketPath)) registry.AddPath(ListenerNames.MqttWebSocket, "ws", ListenerNames.Http, options.WebSocketPath);
        });
        return builder;
    }

    /// <summary>MQTT over WebSocket (MQTT 3.1.1 §6): binary frames, subprotocol "mqtt", authenticated by MQTT CONNECT, not by the console login.</summary>
    public static WebApplication MapMqttWebSocket(this WebApplication app)
    {
        var options = app.Configuration.GetSection(MqttListenerOptions.Section).Get<MqttListenerOptions>() ?? new MqttListenerOptions();
        if (string.IsNullOrEmpty(options.WebSocketPath)) return app;
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(60) });
        app.Map(options.WebSocketPath, async (HttpContext http, MqttBroker broker) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                return Results.Problem("Connect with an MQTT client over WebSocket (subprotocol \"mqtt\").", statusCode: StatusCodes.Status400BadRequest);
            }
            var subProtocol = http.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => p is "mqtt" or "mqttv3.1");
            using var socket = await http.WebSockets.AcceptWebSocketAsync(subProtocol);
            var pipe = new WebSocketPipe(socket);
            var pumping = pipe.RunAsync(http.RequestAborted);
            var transport = http.Request.IsHttps ? MqttTransport.SecureWebSocket : MqttTransport.WebSocket;
            var remote = http.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, http.Connection.RemotePort) : null;
            await broker.RunConnectionAsync(pipe, new MqttConnectionInfo(http.Connection.Id, remote, transport), http.RequestAborted);
            await pipe.Output.CompleteAsync();
            await pumping;
            return Results.Empty;
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
