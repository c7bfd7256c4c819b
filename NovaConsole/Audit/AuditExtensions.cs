using Microsoft.AspNetCore.Components.Server.Circuits;
using NovaConsole.Accounts;

namespace NovaConsole.Audit;

internal static class AuditExtensions
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<AnonymousAuditLimit>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddScoped<CircuitHandler, AuditCircuitHandler>();
        return builder;
    }

    /// <summary>After authentication: every request's actor, and the audited device routes.</summary>
    public static WebApplication UseAudit(this WebApplication app)
    {
        app.UseMiddleware<AuditMiddleware>();
        return app;
    }

    public static WebApplication MapAudit(this WebApplication app)
    {
        app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(Policies.Admin).MapAuditApi();
        return app;
    }
}
