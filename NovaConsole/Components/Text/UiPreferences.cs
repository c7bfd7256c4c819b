namespace NovaConsole.Components.Text;

/// <summary>
/// The console's per-browser choices, kept in cookies so that every page, even a static one, renders in them from the
/// first byte: language (else the browser's Accept-Language) and light or dark theme. Switching goes through
/// <see cref="UiPreferenceEndpoints"/>, which sets the cookie and reloads the page.
/// </summary>
internal static class UiPreferences
{
    public const string LanguageCookie = "novaconsole.lang";

    // The name and values Radzen's cookie theme service used, so a choice saved before the move survives it.
    public const string ThemeCookie = "novaconsole.theme";
    public const string DarkTheme = "material-dark";
    public const string LightTheme = "material";

    public static string Language(HttpRequest request) =>
        request.Cookies[LanguageCookie] is { Length: > 0 } saved
            ? TextCatalog.Normalize(saved)
            : TextCatalog.FromAcceptLanguage(request.Headers.AcceptLanguage.ToString());

    public static bool IsDark(HttpRequest request) => request.Cookies[ThemeCookie] == DarkTheme;

    public static CookieOptions CookieOptions(HttpRequest request) => new()
    {
        Expires = DateTimeOffset.UtcNow.AddDays(365),
        HttpOnly = false,
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        Secure = request.IsHttps,
        Path = "/",
    };
}
