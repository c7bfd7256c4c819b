namespace NovaConsole.Components.Text;

/// <summary>
/// <c>GET /ui/language/{language}</c> and <c>GET /ui/theme/{light|dark}</c>: save the choice in its cookie and go back
/// to the page (<c>returnUrl</c>, local paths only). A reload rather than a re-render, so the static sign-in page and
/// every component of an interactive page switch together. Anonymous: the sign-in page offers them too.
/// </summary>
internal static class UiPreferenceEndpoints
{
    public static WebApplication MapUiPreferences(this WebApplication app)
    {
        app.MapGet("/ui/language/{language}", (HttpContext http, string language, string? returnUrl) =>
        {
            http.Response.Cookies.Append(UiPreferences.LanguageCookie, TextCatalog.Normalize(language), UiPreferences.CookieOptions(http.Request));
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/ui/theme/{mode}", (HttpContext http, string mode, string? returnUrl) =>
        {
            var theme = mode == "dark" ? UiPreferences.DarkTheme : UiPreferences.LightTheme;
            http.Response.Cookies.Append(UiPreferences.ThemeCookie, theme, UiPreferences.CookieOptions(http.Request));
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>A path on this site ("/" otherwise): a crafted link must not bounce anyone to another site.</summary>
    internal static string SafeReturnUrl(string? url) =>
        string.IsNullOrEmpty(url) || !url.StartsWith('/') || url.StartsWith("//") || url.Contains('\\') ? "/" : url;
}
