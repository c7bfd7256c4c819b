using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace NovaConsole.Ota;

/// <summary>
/// GET and HEAD /ota/download/{token}: a package for a device, without a console login. The token in the URL is the
/// credential (one per device and attempt). Single ranges (206, Content-Range), 416 when unsatisfiable, a strong ETag
/// (from the SHA-256) honoured by If-Range, 410 once the token is revoked or expired. A range request with a
/// Crc16-Method header also gets X-CRC16 of the returned bytes (see <see cref="Crc16"/>).
/// </summary>
internal static class OtaDownloadEndpoint
{
    public const string PathPrefix = "/ota/download/";

    public static WebApplication MapOtaDownloads(this WebApplication app)
    {
        app.MapMethods(PathPrefix + "{token}", ["GET", "HEAD"], ServeAsync).AllowAnonymous()
            .WithTags("OTA").WithSummary("A package for one device and attempt (no login; the token is the credential). Range, If-Range, HEAD; 410 once revoked.");
        return app;
    }

    private static async Task ServeAsync(string token, HttpContext http, OtaDownloads downloads, OtaPackageStore packages, CancellationToken ct)
    {
        var grant = await downloads.ResolveAsync(token, ct);
        var response = http.Response;
        if (grant.Access != DownloadAccess.Allowed)
        {
            var gone = grant.Access == DownloadAccess.Gone;
            await NovaConsole.Accounts.ApiProblems.WriteAsync(http, gone ? StatusCodes.Status410Gone : StatusCodes.Status404NotFound,
                gone ? "Gone" : "Not found", gone ? "This download link was revoked or has expired." : "No such download.");
            return;
        }
        var package = grant.Package!;
        var path = packages.PathOf(package);
        var size = package.Size;
        var etag = $"\"{package.Sha256[..32]}\"";
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/octet-stream";

        var rangeHeader = http.Request.Headers.Range.ToString();
        // RFC 9110 §13.1.5: a range is honoured only while the representation still matches If-Range (ours never changes).
        if (http.Request.Headers.IfRange.ToString() is { Length: > 0 } ifRange && ifRange != etag) rangeHeader = "";
        var parse = ByteRange.Parse(rangeHeader, size, out var range);
        if (parse == RangeParse.Unsatisfiable)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{size}";
            return;
        }
        if (parse == RangeParse.None) range = new ByteRange(0, size);
        else
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {range.Start}-{range.End}/{size}");
        }
        response.ContentLength = range.Length;

        await using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0, Options = FileOptions.Asynchronous });
        var buffer = new byte[1 << 16];
        if (parse == RangeParse.Single && http.Request.Headers.TryGetValue("Crc16-Method", out var method))
        {
            response.Headers["X-CRC16"] = await CrcAsync(file, range, method.ToString(), buffer, ct);
        }
        if (HttpMethods.IsHead(http.Request.Method)) return;

        long written = 0;
        try
        {
            file.Position = range.Start;
            var remaining = range.Length;
            while (remaining > 0)
            {
                var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct);
                if (read == 0) break;
                await response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                written += read;
                remaining -= read;
            }
        }
        finally
        {
            // Counted whether the device read to the end or went away half-way.
            if (written > 0) await downloads.RecordAsync(grant.AttemptId, grant.TaskId, written);
        }
    }

    private static async Task<string> CrcAsync(FileStream file, ByteRange range, string method, byte[] buffer, CancellationToken ct)
    {
        var crc = Crc16.For(method);
        file.Position = range.Start;
        var remaining = range.Length;
        while (remaining > 0)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct);
            if (read == 0) break;
            crc.Append(buffer.AsSpan(0, read));
            remaining -= read;
        }
        return crc.Hex;
    }
}
