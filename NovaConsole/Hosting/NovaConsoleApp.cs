using NovaConsole.Accounts;
using NovaConsole.Automation;
using NovaConsole.Audit;
using NovaConsole.Commands;
using NovaConsole.Components;
using NovaConsole.Data;
using NovaConsole.Devices;
using NovaConsole.Devices.Adapters;
using NovaConsole.Devices.Http;
using NovaConsole.Health;
using NovaConsole.Hosting.Mqtt;
using NovaConsole.Live;
using NovaConsole.Ota;
using NovaConsole.Scheduling;
using NovaConsole.Security;
using NovaConsole.Settings;
using NovaConsole.Telemetry;

namespace NovaConsole.Hosting;

/// <summary>The whole process, composed one feature at a time. Program.cs and the test host both start it here.</summary>
public static class NovaConsoleApp
{
    /// <param name="configure">Runs last before Build: the test host adds its log capture here.</param>
    public static WebApplication Create(string[] args, string? contentRoot = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The app's own name, not the test runner's, when a test process hosts the app.
            ApplicationName = typeof(NovaConsoleApp).Assembly.GetName().Name,
            ContentRootPath = contentRoot ?? DefaultContentRoot(),
        });
        builder.AddHosting();
        builder.AddStorage();
        builder.AddSecrets();
        builder.AddAccounts();
        builder.AddAudit();
        builder.AddScheduling();
        builder.AddTelemetry();
        builder.AddDevices();
        builder.AddDeviceAdapters();
        builder.AddDeviceTcpListener();
        builder.AddMqttListeners();
        builder.AddCommands();
        builder.AddTcpCommandTransport();
        builder.AddHttpDevices();
        builder.AddAutomation();
        builder.AddOta();
        builder.AddConsoleUi();
        builder.AddLive();
        builder.AddSettings();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseConsoleStatusPages();
        app.MapEmbeddedAssets();
        app.UseAuthentication();
        app.UseAccountChecks();
        app.UseAudit();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealth();
        app.MapSystemStats();
        app.MapMqttWebSocket();
        app.MapServerCertificate();
        app.MapAccounts();
        app.MapAudit();
        app.MapSettings();
        app.MapTelemetry();
        app.MapDevices();
        app.MapCommands();
        app.MapHttpDevices();
        app.MapAutomation();
        app.MapOta();
        app.MapConsoleUi();
        app.MapLive();
        app.MapJobsDashboard();
        return app;
    }

    /// <summary>
    /// The working directory when it holds appsettings.json (dotnet run from the repo), else the folder of
    /// the executable (the published single file with appsettings.json beside it).
    /// </summary>
    private static string DefaultContentRoot() =>
        File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"))
            ? Directory.GetCurrentDirectory()
            : AppContext.BaseDirectory;
}
