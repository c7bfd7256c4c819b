namespace NovaConsole.Accounts;

/// <summary>
/// A read-only API token may read but not change anything: every request with a method other than GET, HEAD or
/// OPTIONS gets 403, whatever the token's user may do. The SignalR hubs are left out: their negotiate step is a POST,
/// and following devices there changes nothing.
/// </summary>
internal sealed class ReadOnlyTokenCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var readOnly = context.User.FindFirst(UserPrincipal.TokenScopeClaim)?.Value == ApiTokenScopes.Read;
        if (!readOnly || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || context.Request.Path.StartsWithSegments("/hubs"))
        {
            return next(context);
        }
        return ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
            "This API token is read-only; create a token with the 'full' scope to make changes.");
    }
}
