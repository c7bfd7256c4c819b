using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace NovaConsole.Hosting;

/// <summary>
/// Serves the console's own assets (top-level wwwroot-assets/, embedded into the assembly at build) under
/// /assets/, so they travel inside the single published file with no folder beside it.
/// </summary>
internal static class EmbeddedAssets
{
    private const string ResourcePrefix = "NovaConsole.Assets/";
    private static readonly Assembly Assembly = typeof(EmbeddedAssets).Assembly;
    private static readonly FrozenDictionary<string, string> Resources = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .ToFrozenDictionary(n => n[ResourcePrefix.Length..], n => n, StringComparer.OrdinalIgnoreCase);
    private static readonly string ETag = $"\"{Assembly.ManifestModule.ModuleVersionId:N}\"";

    public static IReadOnlyCollection<string> Names => Resources.Keys;

    public static WebApplication MapEmbeddedAssets(this WebApplication app)
    {
        var contentTypes = new FileExtensionContentTypeProvider();
        app.MapGet("/assets/{**path}", (string path, HttpContext http) =>
        {
            if (!Resources.TryGetValue(path, out var resource)) return Results.NotFound();
            if (http.Request.Headers.IfNoneMatch == ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
            http.Response.Headers.ETag = ETag;
            http.Response.Headers.CacheControl = "public, max-age=3600";
            var type = contentTypes.TryGetContentType(path, out var t) ? t : "application/octet-stream";
            return Results.Stream(Assembly.GetManifestResourceStream(resource)!, type);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
