using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;

namespace NovaConsole.Hosting;

/// <summary>
/// Serves files embedded in the assembly at build time, so they travel inside the single published file:
/// the console's own assets (top-level wwwroot-assets/, under /assets/) and, in a single-file publish,
/// the few Radzen files the console uses (under /_content/Radzen.Blazor/).
/// </summary>
internal static class EmbeddedAssets
{
    private static readonly Assembly Assembly = typeof(EmbeddedAssets).Assembly;
    private static readonly string ETag = $"\"{Assembly.ManifestModule.ModuleVersionId:N}\"";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IReadOnlyCollection<string> Names(string resourcePrefix) => Resources(resourcePrefix).Keys;

    public static WebApplication MapEmbeddedAssets(this WebApplication app, string urlPrefix, string resourcePrefix)
    {
        var resources = Resources(resourcePrefix);
        app.MapGet(urlPrefix + "/{**path}", (string path, HttpContext http) =>
        {
            if (!resources.TryGetValue(path, out var resource)) return Results.NotFound();
            if (http.Request.Headers.IfNoneMatch == ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
            http.Response.Headers.ETag = ETag;
            http.Response.Headers.CacheControl = "public, max-age=3600";
            var type = ContentTypes.TryGetContentType(path, out var t) ? t : "application/octet-stream";
            return Results.Stream(Assembly.GetManifestResourceStream(resource)!, type);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static FrozenDictionary<string, string> Resources(string prefix) => Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
        .ToFrozenDictionary(n => n[prefix.Length..], n => n, StringComparer.OrdinalIgnoreCase);
}
