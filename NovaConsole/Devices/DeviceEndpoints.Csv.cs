using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using NovaConsole.Accounts;

namespace NovaConsole.Devices;

internal static partial class DeviceEndpoints
{
    /// <summary>Large enough for the most rows an import accepts; a bigger body is refused before it is read.</summary>
    private const int MaxImportBytes = 8 * 1024 * 1024;

    private static void MapCsv(this RouteGroupBuilder devices)
    {
        devices.MapGet("/export.csv", (string? search, DeviceRegistry registry, TimeProvider time, HttpContext http) =>
            Results.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 64 * 1024);
                await writer.WriteAsync(DeviceCsv.Row("deviceId", "name", "description", "tags", "enabled", "transport", "firmwareVersion", "createdUtc", "lastSeenUtc"));
                await foreach (var d in registry.ExportAsync(search, http.RequestAborted))
                {
                    await writer.WriteAsync(DeviceCsv.Row(d.DeviceId, d.Name, d.Description, string.Join(';', d.Tags),
                        d.IsEnabled ? "true" : "false", d.Transport, d.FirmwareVersion, Utc(d.CreatedUtc), d.LastSeenUtc is { } seen ? Utc(seen) : null));
                }
            }, "text/csv; charset=utf-8", $"devices-{time.GetUtcNow():yyyyMMdd-HHmm}.csv"))
            .WithSummary("Every device (or those matching search) as CSV. Keys are never exported.");

        devices.MapPost("/import", async (HttpContext http, DeviceRegistry registry, IOptions<DevicesOptions> options, CancellationToken ct) =>
        {
            var (csv, problem) = await ReadImportAsync(http.Request, ct);
            if (problem is not null) return ApiProblems.BadRequest(problem);
            var imported = await registry.ImportCsvAsync(csv!, options.Value.ImportMaxRows, ct);
            if (!imported.Succeeded) return ApiProblems.From(imported);
            var result = imported.Value!;
            if (result.Created.Count == 0)
            {
                return Results.Problem("No row could be imported; see errors for each line.", statusCode: StatusCodes.Status400BadRequest,
                    title: "Invalid request", extensions: new Dictionary<string, object?> { ["errors"] = result.Errors });
            }
            http.Response.Headers["X-Import-Created"] = result.Created.Count.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-Import-Rejected"] = result.Errors.Count.ToString(CultureInfo.InvariantCulture);
            if (http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return Results.Ok(result);
            }
            // deviceId,key for each created device (the only time these keys are shown), then the refused lines.
            var body = new StringBuilder(DeviceCsv.Row("deviceId", "key", "line", "error"));
            foreach (var c in result.Created) body.Append(DeviceCsv.Row(c.DeviceId, c.Key, c.Line.ToString(CultureInfo.InvariantCulture), null));
            foreach (var e in result.Errors) body.Append(DeviceCsv.Row(null, null, e.Line.ToString(CultureInfo.InvariantCulture), e.Message));
            return Results.File(Encoding.UTF8.GetBytes(body.ToString()), "text/csv; charset=utf-8", "device-keys.csv");
        }).RequireAuthorization(Policies.Operator)
            .WithSummary("Create devices from CSV (columns deviceId,name,description,tags; multipart file or text/csv body) (Operator). " +
                "The answer is CSV deviceId,key for the created devices, shown this once, followed by the refused lines and why.");
    }

    private static async Task<(string? Csv, string? Problem)> ReadImportAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxImportBytes) return (null, $"The file is larger than {MaxImportBytes / (1024 * 1024)} MiB.");
        Stream? source = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.FirstOrDefault();
            if (file is null) return (null, "Attach the CSV file as a form file.");
            if (file.Length > MaxImportBytes) return (null, $"The file is larger than {MaxImportBytes / (1024 * 1024)} MiB.");
            source = file.OpenReadStream();
        }
        else if (request.ContentType is { } type && (type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)))
        {
            source = request.Body;
        }
        if (source is null) return (null, "Send the CSV as a multipart/form-data file or as a text/csv body.");

        // The request body belongs to the server; only a form file's stream is ours to close.
        await using (request.HasFormContentType ? source : Stream.Null)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = await source.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxImportBytes) return (null, $"The file is larger than {MaxImportBytes / (1024 * 1024)} MiB.");
                buffer.Write(chunk, 0, read);
            }
            try
            {
                return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
            }
            catch (DecoderFallbackException)
            {
                return (null, "The file is not UTF-8 text. Save the CSV as UTF-8 and try again.");
            }
        }
    }

    private static string Utc(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
