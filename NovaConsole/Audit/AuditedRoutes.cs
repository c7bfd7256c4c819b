using System.Text.Json;

namespace NovaConsole.Audit;

/// <summary>
/// The device routes of the REST API whose successful calls the audit log records, by method and route pattern. Kept
/// here rather than as calls inside the device endpoints, so the audit needs nothing from them but their routes.
/// (Users, tokens, commands, settings and sign-ins are recorded by their services, which the console calls too.)
/// </summary>
internal static class AuditedRoutes
{
    private const string Devices = "/api/v1/devices";

    private static readonly Dictionary<(string Method, string Pattern), string> Actions = new()
    {
        [("POST", Devices)] = AuditActions.DeviceCreated,
        [("PUT", Devices + "/{deviceId}")] = AuditActions.DeviceUpdated,
        [("DELETE", Devices + "/{deviceId}")] = AuditActions.DeviceDeleted,
        [("POST", Devices + "/{deviceId}/key")] = AuditActions.DeviceKeyReset,
        [("POST", Devices + "/{deviceId}/enable")] = AuditActions.DeviceEnabled,
        [("POST", Devices + "/{deviceId}/disable")] = AuditActions.DeviceDisabled,
        [("POST", Devices + "/bulk")] = AuditActions.DeviceBulk,
        [("POST", Devices + "/import")] = AuditActions.DevicesImported,
        [("GET", Devices + "/export.csv")] = AuditActions.DevicesExported,
    };

    public static string? ActionOf(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } raw }
        && Actions.TryGetValue((http.Request.Method, raw.TrimEnd('/')), out var action)
            ? action
            : null;

    /// <summary>The device an action was about: the route's, or the one a create names in its Location.</summary>
    public static string? ObjectOf(HttpContext http) =>
        http.Request.RouteValues.TryGetValue("deviceId", out var id) && id is string deviceId ? deviceId
        : http.Response.Headers.Location.ToString() is { Length: > 0 } location ? Uri.UnescapeDataString(location[(location.LastIndexOf('/') + 1)..])
        : null;

    /// <summary>What a bulk action did and to whom (from its buffered body), how many an import created, what an export filtered.</summary>
    public static async Task<string?> DetailOfAsync(HttpContext http, string action)
    {
        switch (action)
        {
            case AuditActions.DeviceBulk:
                http.Request.Body.Position = 0;
                try
                {
                    using var body = await JsonDocument.ParseAsync(http.Request.Body);
                    var what = body.RootElement.GetProperty("action").GetString();
                    if (body.RootElement.TryGetProperty("match", out var match) && match.ValueKind == JsonValueKind.Object)
                    {
                        // Selected by the list's filter: the filter as sent, and the devices it changed (the endpoint's).
                        var changed = http.Items[NovaConsole.Devices.DeviceEndpoints.BulkMatchedItem] as IReadOnlyList<string> ?? [];
                        return $"{what} {changed.Count} device(s) matching {FilterOf(match)}: {Ids(changed)}";
                    }
                    var ids = body.RootElement.GetProperty("deviceIds").EnumerateArray().Select(i => i.ToString()).ToList();
                    return $"{what} {ids.Count} device(s): {Ids(ids)}";
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
                {
                    return null;
                }
            case AuditActions.DevicesImported:
                return $"{http.Response.Headers["X-Import-Created"]} created, {http.Response.Headers["X-Import-Rejected"]} rejected";
            case AuditActions.DevicesExported:
                return http.Request.Query["search"].ToString() is { Length: > 0 } search ? $"search '{search}'" : "all devices";
            default:
                return null;
        }
    }

    private static string Ids(IReadOnlyList<string> ids) => string.Join(", ", ids.Take(20)) + (ids.Count > 20 ? ", ..." : "");

    private static string FilterOf(JsonElement match)
    {
        static string? Text(JsonElement o, string name) =>
            o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
        var parts = new List<string>();
        if (Text(match, "search") is { } search) parts.Add($"search '{(search.Length > 100 ? search[..100] + "…" : search)}'");
        if (Text(match, "status") is { } status) parts.Add($"status {(status.Length > 20 ? status[..20] : status)}");
        return parts.Count == 0 ? "all devices" : string.Join(", ", parts);
    }

    public static bool NeedsBody(HttpContext http) => http.Request.Method == "POST" && http.Request.Path.Equals(Devices + "/bulk", StringComparison.OrdinalIgnoreCase);
}
