using NovaConsole.Health;
using NovaConsole.Scheduling;

namespace NovaConsole.Automation;

internal static class AutomationExtensions
{
    public static IHostApplicationBuilder AddAutomation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AutomationOptions>()
            .Bind(builder.Configuration.GetSection(AutomationOptions.Section))
            .Validate(o => o.Validate() is null, "Automation settings are invalid: see AutomationOptions.Validate.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(WebhookSender.ClientName);
        builder.Services.AddSingleton<AutomationMetrics>();
        builder.Services.AddSingleton<AutomationStore>();
        builder.Services.AddSingleton<AlarmService>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<RuleActions>();
        builder.Services.AddSingleton<ConditionFactsReader>();
        builder.Services.AddSingleton<RuleTrial>();
        builder.Services.AddSingleton<ScheduleOverview>();
        builder.Services.AddSingleton<IRuleDelayClock, HangfireDelayClock>();
        builder.Services.AddTransient<RuleDelayJob>();
        builder.Services.AddSingleton<RuleRunner>();
        builder.Services.AddSingleton<RuleEngine>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RuleEngine>());
        builder.Services.AddSingleton<RuleService>();
        // Every minute, and once at start (the catch-up after a stop): see ScheduleJob.
        builder.Services.AddRecurringJob<ScheduleJob>(ScheduleJob.Id, "* * * * *", runAtStart: true);
        builder.Services.AddStatsSource("automation", sp => sp.GetRequiredService<AutomationMetrics>().Snapshot());
        return builder;
    }

    public static WebApplication MapAutomation(this WebApplication app)
    {
        app.MapGroup("/api/v1").WithTags("Automation").MapRuleApi().MapAlarmApi();
        return app;
    }
}
