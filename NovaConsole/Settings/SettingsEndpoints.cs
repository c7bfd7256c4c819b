using System.Text.Json;
using NovaConsole.Accounts;

namespace NovaConsole.Settings;

/// <summary>/api/v1/settings (Admin): the operator settings, read and changed together.</summary>
internal static class SettingsEndpoints
{
    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder settings)
    {
        settings.MapGet("/", (SettingsService service, CancellationToken ct) => service.ListAsync(ct))
            .WithSummary("The operator settings (Admin): value, source (console or configuration), the configured value, limits, whether a change needs a restart and when it applies.");

        settings.MapPut("/", async (HttpRequest request, SettingsService service, CancellationToken ct) =>
        {
            Dictionary<string, string?> changes;
            try
            {
                using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
                if (body.RootElement.ValueKind != JsonValueKind.Object) return ApiProblems.BadRequest(Shape);
                changes = body.RootElement.EnumerateObject().Take(50).ToDictionary(p => p.Name, p => p.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => p.Value.GetString(),
                    _ => p.Value.GetRawText(),
                }, StringComparer.OrdinalIgnoreCase);
            }
            catch (JsonException)
            {
                return ApiProblems.BadRequest(Shape);
            }
            var updated = await service.UpdateAsync(changes, ct);
            return updated.Succeeded ? Results.Ok(updated.Value) : ApiProblems.From(updated);
        }).WithSummary("Change settings (Admin): " + Shape + " Applied without a restart; each change is audited.");
        return settings;
    }

    private const string Shape = "Send a JSON object of setting names and values, e.g. {\"commandTimeoutSeconds\": 45, \"publicAddress\": null}; null restores the configured value.";
}
