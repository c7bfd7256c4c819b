namespace NovaConsole.Audit;

/// <summary>
/// Runs after authentication: names the request's actor for everything it does (<see cref="AuditContext"/>), and
/// records the successful device calls of <see cref="AuditedRoutes"/> once they are answered.
/// </summary>
internal sealed class AuditMiddleware(RequestDelegate next, AuditTrail audit)
{
    private const long MaxBufferedBody = 1024 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        AuditContext.Set(AuditActor.Of(http.User, http.Connection.RemoteIpAddress?.ToString()));
        var action = http.User.Identity?.IsAuthenticated == true ? AuditedRoutes.ActionOf(http) : null;
        if (action is not null && AuditedRoutes.NeedsBody(http)) http.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxBufferedBody);
        await next(http);
        if (action is null || http.Response.StatusCode is < 200 or >= 300) return;
        await audit.RecordAsync(action, AuditActions.Device, AuditedRoutes.ObjectOf(http), await AuditedRoutes.DetailOfAsync(http, action));
    }
}
