using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace NovaConsole.Hosting;

/// <summary>
/// Serves every <see cref="EmbeddedAssets"/> file at its own path, anonymously (the login page needs them), as Brotli
/// or gzip when the request accepts it. Caches revalidate by ETag, which changes with every build: blazor.web.js must
/// match the server it talks to, so a browser never keeps last version's copy after an upgrade.
/// </summary>
internal static class EmbeddedAssetEndpoints
{
    // Preferred first: Brotli is the smaller of the two.
    private static readonly string[] Preference = ["br", "gzip"];
    private static readonly string BuildTag = EmbeddedAssets.Assembly.ManifestModule.ModuleVersionId.ToString("N");

    public static WebApplication MapEmbeddedAssets(this WebApplication app)
    {
        foreach (var asset in EmbeddedAssets.All)
        {
            app.MapGet("/" + asset.Url, (HttpContext http) => Serve(http, asset)).AllowAnonymous().ExcludeFromDescription();
        }
        return app;
    }

    private static IResult Serve(HttpContext http, EmbeddedAsset asset)
    {
        var coding = asset.Codings.Count == 0 ? null : Choose(http.Request.Headers.AcceptEncoding, asset);
        var etag = $"\"{BuildTag}{(coding is null ? "" : "-" + coding)}\"";
        var headers = http.Response.Headers;
        if (asset.Codings.Count > 0) headers.Vary = HeaderNames.AcceptEncoding;
        headers.ETag = etag;
        headers.CacheControl = "no-cache";
        if (IsCached(http.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        if (coding is not null) headers.ContentEncoding = coding;
        var resource = coding is null ? asset.ResourceName : asset.Codings[coding];
        return Results.Stream(EmbeddedAssets.Assembly.GetManifestResourceStream(resource)!, asset.ContentType);
    }

    private static bool IsCached(HttpRequest request, string etag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag == etag);

    /// <summary>The preferred coding the request accepts (a q-value above 0, by name or through "*"), or null for the file as it is.</summary>
    private static string? Choose(StringValues acceptEncoding, EmbeddedAsset asset)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var offers)) return null;
        foreach (var coding in Preference)
        {
            if (!asset.Codings.ContainsKey(coding)) continue;
            var offer = offers.FirstOrDefault(o => StringSegment.Equals(o.Value, coding, StringComparison.OrdinalIgnoreCase))
                ?? offers.FirstOrDefault(o => o.Value == "*");
            if (offer is not null && (offer.Quality ?? 1) > 0) return coding;
        }
        return null;
    }
}
