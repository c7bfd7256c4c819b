using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NovaConsole.Mqtt.Broker;

namespace NovaConsole.Tests.Mqtt.Broker.EndToEnd;

/// <summary>A minimal Kestrel with only an MQTT listener on 127.0.0.1, port 0; asks Kestrel which port it bound.</summary>
internal sealed class KestrelMqttHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ListenOptions _listener;

    private KestrelMqttHost(WebApplication app, ListenOptions listener)
    {
        _app = app;
        _listener = listener;
    }

    public int Port => ((IPEndPoint)_listener.EndPoint).Port;

    public MqttBroker Broker => _app.Services.GetRequiredService<MqttBroker>();

    public static async Task<KestrelMqttHost> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["Mqtt:AllowAnonymous"] = "true";
        builder.Configuration["Mqtt:SysIntervalSeconds"] = "1";
        // appsettings.json names a state file that only the console's setup places in its data folder; a bare broker
        // would keep it in the working directory, and one test's persistent sessions would meet the next run's.
        builder.Configuration["Mqtt:StateFile"] = "";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Configuration[key] = value;
        }

        builder.Services.AddMqttBroker(builder.Configuration);
        ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, options =>
        {
            options.UseConnectionHandler<MqttConnectionHandler>();
            listener = options;
        }));
        var app = builder.Build();
        await app.StartAsync();
        return new KestrelMqttHost(app, listener!);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
