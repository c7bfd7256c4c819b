using Microsoft.AspNetCore.Authentication.Cookies;
using NovaConsole.Accounts;

namespace NovaConsole.Security;

/// <summary>
/// Refuses cookie-authenticated changes to the API (POST, PUT, PATCH, DELETE under /api) unless the browser says they
/// come from a page of this console: the Origin header, or else the Referer, must name this request's own host and
/// port. SameSite=Strict alone does not do it, because another port of the same host counts as the same site.
/// API-token requests carry no ambient credential and are not checked. The console's own forms (Blazor, /logout)
/// carry antiforgery tokens instead.
/// </summary>
internal sealed class CrossSiteRequestCheck(RequestDelegate next, ILogger<CrossSiteRequestCheck> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!NeedsCheck(context) || ComesFromThisConsole(context.Request)) return next(context);
        var origin = context.Request.Headers.Origin.ToString() is { Length: > 0 } o ? o : context.Request.Headers.Referer.ToString();
        AccountsLog.CrossSiteRefused(logger, context.Request.Method, context.Request.Path, origin, context.Request.Host.Value ?? "",
            context.Connection.RemoteIpAddress?.ToString());
        return ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused",
            "A signed-in change must come from this console's own pages: the request's Origin (or Referer) header does not name this console. " +
            "Scripts should use an API token (Authorization: Bearer nct_...).");
    }

    private static bool NeedsCheck(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
        && !HttpMethods.IsOptions(context.Request.Method) && !HttpMethods.IsTrace(context.Request.Method)
        && context.Request.Path.StartsWithSegments("/api")
        // Devices are not browsers, and their API acts on the device key alone, never on a signed-in user.
        && !NovaConsole.Devices.Http.HttpDeviceApi.Owns(context.Request.Path)
        && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme };

    private static bool ComesFromThisConsole(HttpRequest request)
    {
        var claimed = request.Headers.Origin.ToString();
        if (claimed.Length == 0) claimed = request.Headers.Referer.ToString();
        // "null" (a sandboxed or file page) and anything unparsable name no site at all.
        if (!Uri.TryCreate(claimed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false;
        // Host and port as the browser wrote them in the URL, compared with the Host header of the same request; the
        // scheme is left out so a TLS-terminating proxy in front (https outside, http inside) still matches.
        // (Uri.Host keeps the brackets of an IPv6 address, as the Host header does.)
        var authority = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        return string.Equals(authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
