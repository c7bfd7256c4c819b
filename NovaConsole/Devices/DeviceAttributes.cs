using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Devices;

/// <summary>
/// A device's attributes (seed 000 §4.1.2: ip, mac, port...; firmware version from seed 004 status info):
/// reports merge key by key into what was known, so a partial report never erases other attributes.
/// </summary>
internal sealed class DeviceAttributes(IDbContextFactory<NovaDbContext> dbFactory)
{
    private const int MaxAttributesBytes = 64 * 1024;

    /// <returns>Null when stored, else why not (unknown device, too large).</returns>
    public async Task<string?> MergeAsync(string deviceId, JsonElement reported, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var device = await db.Devices.FirstOrDefaultAsync(d => d.DeviceId == deviceId, ct);
        if (device is null) return "unknown device";
        var merged = (device.AttributesJson is { } json ? JsonNode.Parse(json) as JsonObject : null) ?? [];
        foreach (var property in reported.EnumerateObject()) merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        var text = merged.ToJsonString();
        if (text.Length > MaxAttributesBytes) return $"attributes may hold at most {MaxAttributesBytes} bytes";
        device.AttributesJson = text;
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<JsonObject> GetAsync(string deviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var json = await db.Devices.Where(d => d.DeviceId == deviceId).Select(d => d.AttributesJson).FirstOrDefaultAsync(ct);
        return (json is null ? null : JsonNode.Parse(json) as JsonObject) ?? [];
    }

    public async Task SetFirmwareVersionAsync(string deviceId, string version, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Devices.Where(d => d.DeviceId == deviceId && d.FirmwareVersion != version)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.FirmwareVersion, version), ct);
    }
}
