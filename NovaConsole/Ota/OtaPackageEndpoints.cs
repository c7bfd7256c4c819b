using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NovaConsole.Accounts;

namespace NovaConsole.Ota;

/// <summary>/api/v1/ota/packages: any signed-in user lists; Operators upload and delete.</summary>
internal static class OtaPackageEndpoints
{
    private const int MaxFieldBytes = 8 * 1024;
    private const int MaxSections = 16;

    public static RouteGroupBuilder MapOtaPackageApi(this RouteGroupBuilder api)
    {
        api.MapPost("/ota/packages", UploadAsync).RequireAuthorization(Policies.Operator).DisableAntiforgery()
            .WithSummary("Upload a package (Operator), multipart/form-data: file, name, version, module, signMethod (MD5 | SHA256, casing kept), " +
                "extData (JSON object, optional), fromVersion (optional). 201 {id, size, sign, sha256, ...}; 413 beyond Ota:MaxPackageBytes.");
        api.MapGet("/ota/packages", async (OtaPackageStore store, CancellationToken ct) => Results.Ok(await store.ListAsync(ct)))
            .WithSummary("Every package, newest first.");
        api.MapGet("/ota/packages/{id:long}", async (long id, OtaPackageStore store, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } p ? Results.Ok(OtaPackageStore.Info(p)) : NotFound(id)).WithSummary("One package.");
        api.MapDelete("/ota/packages/{id:long}", async (long id, OtaPackageStore store, CancellationToken ct) =>
        {
            var deleted = await store.DeleteAsync(id, ct);
            return deleted.Succeeded ? Results.NoContent() : ApiProblems.From(deleted);
        }).RequireAuthorization(Policies.Operator).WithSummary("Delete a package no campaign uses (Operator); 409 while one does.");
        return api;
    }

    private static IResult NotFound(long id) => Results.Problem($"No package with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static async Task<IResult> UploadAsync(HttpContext http, OtaPackageStore store, IOptions<OtaOptions> options, CancellationToken ct)
    {
        var limit = options.Value.MaxPackageBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            // The file plus the other fields and the multipart framing; the file alone is counted exactly while it streams.
            bodyLimit.MaxRequestBodySize = limit + MaxSections * (MaxFieldBytes + 1024L);
        }
        if (http.Request.ContentLength > limit + MaxSections * (MaxFieldBytes + 1024L)) return TooLarge(limit);
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return ApiProblems.BadRequest("Send multipart/form-data with file, name, version, module, signMethod and optionally extData and fromVersion.");
        }

        var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 8 * 1024 };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        StagedPackageFile? staged = null;
        try
        {
            var sections = 0;
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (++sections > MaxSections) return ApiProblems.BadRequest($"At most {MaxSections} form fields.");
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return ApiProblems.BadRequest("Every part needs a Content-Disposition: form-data header.");
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition() || name.Equals("file", StringComparison.OrdinalIgnoreCase))
                {
                    if (staged is not null) return ApiProblems.BadRequest("Send one file.");
                    staged = await store.StageAsync(section.Body, ct);
                    if (staged is null) return TooLarge(limit);
                }
                else
                {
                    var value = await ReadFieldAsync(section.Body, ct);
                    if (value is null) return ApiProblems.BadRequest($"Field '{name}' is longer than {MaxFieldBytes} bytes.");
                    fields[name] = value;
                }
            }
            if (staged is null) return ApiProblems.BadRequest("The file part is missing.");
            var draft = new OtaPackageDraft(Field("name"), Field("version"), Field("module"), Field("signMethod"), Field("extData"), Field("fromVersion"));
            var user = http.User.Identity?.Name ?? "unknown";
            var stored = await store.CommitAsync(draft, staged, user, ct);
            return stored.Succeeded ? Results.Created($"/api/v1/ota/packages/{stored.Value!.Id}", stored.Value) : ApiProblems.From(stored);
        }
        finally
        {
            staged?.Dispose();
        }

        string? Field(string name) => fields.TryGetValue(name, out var v) ? v : null;
    }

    private static IResult TooLarge(long limit) =>
        Results.Problem(OtaPackageStore.TooLarge(limit), statusCode: StatusCodes.Status413PayloadTooLarge, title: "Package too large");

    private static async Task<string?> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(total), ct)) > 0)
        {
            total += read;
            if (total > MaxFieldBytes) return null;
        }
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
