using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;
using NovaConsole.Scheduling;

namespace NovaConsole.Ota;

internal static class OtaExtensions
{
    public static IHostApplicationBuilder AddOta(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OtaOptions>()
            .Bind(builder.Configuration.GetSection(OtaOptions.Section))
            .Validate(o => o.IsValid(out _), "Ota: invalid settings (PublicBaseUrl an absolute http(s) URL or empty; MaxPackageBytes 1 B-4 GiB; PayloadStyle sample or thingspanel; timeouts at least 1 s).")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new OtaClock(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<OtaPackageStore>();
        builder.Services.AddSingleton<OtaDownloads>();
        builder.Services.AddSingleton<OtaPlanner>();
        builder.Services.AddSingleton<OtaInformer>();
        builder.Services.AddSingleton<OtaEngine>();
        builder.Services.AddSingleton<OtaStepScheduler>();
        builder.Services.AddSingleton<OtaDeadlines>();
        builder.Services.AddSingleton<NovaConsole.Live.OtaNotifications>();
        builder.Services.AddSingleton<OtaProgress>();
        builder.Services.AddSingleton<OtaListeners>();
        builder.Services.AddSingleton<OtaDeviceProtocols>();
        builder.Services.AddSingleton<OtaCampaignService>();
        builder.Services.AddSingleton<OtaCampaignReads>();
        builder.Services.AddTransient<OtaStepJob>();
        builder.Services.AddRecurringJob<OtaTickJob>(OtaTickJob.Id, "* * * * *", runAtStart: true);
        builder.Services.AddHostedService<OtaStartup>();
        // IOtaInformTransport is registered by the adapters (Devices/Adapters).
        return builder;
    }

    public static WebApplication MapOta(this WebApplication app)
    {
        app.MapGroup("/api/v1").WithTags("OTA").MapOtaPackageApi().MapOtaCampaignApi();
        app.MapOtaDownloads();
        return app;
    }
}

/// <summary>At start: says how many attempts the previous run left in "sending" (their ack timeout settles them; they are never re-sent).</summary>
internal sealed class OtaStartup(IDbContextFactory<NovaDbContext> dbFactory, ILogger<OtaStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sending = await db.OtaAttempts.CountAsync(a => a.State == "sending", cancellationToken);
        if (sending > 0) OtaLog.SendingAtStart(logger, sending);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
