using System.Globalization;
using System.Text.Json;
using NovaConsole.Accounts;

namespace NovaConsole.Devices;

internal sealed record DeviceAttributeDto(string Key, JsonElement Value, DateTimeOffset UpdatedAt);

internal sealed record DeviceEventDto(long Id, DateTimeOffset At, string Method, JsonElement? Params);

/// <summary>A device's reported attributes and events, and how to connect it (any signed-in user reads).</summary>
internal static class DeviceDetailsEndpoints
{
    public static RouteGroupBuilder MapDeviceDetailsApi(this RouteGroupBuilder devices)
    {
        devices.MapGet("/{deviceId}/attributes", async (string deviceId, DeviceRegistry registry, DeviceAttributes attributes, CancellationToken ct) =>
        {
            if (await registry.GetAsync(deviceId, ct) is not { } device) return NotFound(deviceId);
            var list = await attributes.ListAsync(device.DeviceId, ct);
            return Results.Ok(list.Select(a => new DeviceAttributeDto(a.Key, Parse(a.ValueJson)!.Value, a.UpdatedAt)));
        }).WithSummary($"The attributes the device reported (seed 000 devices/attributes/{{message_id}}), by key, each with when it was last reported; at most {DeviceAttributes.MaxKeys}.");

        devices.MapGet("/{deviceId}/events", async (string deviceId, int? skip, int? take, DeviceRegistry registry, DeviceEvents events, HttpContext http, CancellationToken ct) =>
        {
            if (skip < 0) return ApiProblems.BadRequest("skip must not be negative.");
            if (take is < 1 or > DeviceEvents.MaxTake) return ApiProblems.BadRequest($"take must be between 1 and {DeviceEvents.MaxTake}.");
            if (await registry.GetAsync(deviceId, ct) is not { } device) return NotFound(deviceId);
            var page = await events.PageAsync(device.DeviceId, skip ?? 0, take ?? 50, ct);
            http.Response.Headers["X-Total-Count"] = page.Total.ToString(CultureInfo.InvariantCulture);
            return Results.Ok(page.Items.Select(e => new DeviceEventDto(e.Id, e.At, e.Method, Parse(e.ParamsJson))));
        }).WithSummary($"The events the device reported (seed 000 devices/event/{{message_id}}), newest first: skip, take (default 50, at most {DeviceEvents.MaxTake}); X-Total-Count holds the number of events.");

        devices.MapGet("/{deviceId}/connection", async (string deviceId, string? protocol, string? host, DeviceRegistry registry,
            DeviceConnectionGuide guide, HttpContext http, CancellationToken ct) =>
        {
            if (await registry.GetAsync(deviceId, ct) is not { } device) return NotFound(deviceId);
            var address = string.IsNullOrWhiteSpace(host) ? http.Request.Host.Host : host.Trim();
            if (Uri.CheckHostName(address) == UriHostNameType.Unknown) return ApiProblems.BadRequest("host must be a host name or an IP address.");
            if (protocol is null) return Results.Ok(guide.All(address, device.DeviceId));
            if (!DeviceConnectionGuide.TryParseProtocol(protocol, out var chosen))
            {
                return ApiProblems.BadRequest("protocol must be one of thingspanel-mqtt, novacloud-mqtt, novacloud-tcp.");
            }
            return Results.Ok(guide.For(chosen, address, device.DeviceId));
        }).WithSummary("How the device connects, per protocol (thingspanel-mqtt, novacloud-mqtt, novacloud-tcp; all without protocol): " +
            $"host and port, topics to publish and subscribe, an example payload and ready mosquitto_pub / python / nc lines with {DeviceConnectionGuide.KeyPlaceholder} for the key. host defaults to the one this request used.");

        return devices;
    }

    private static JsonElement? Parse(string? json)
    {
        if (json is null) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static IResult NotFound(string deviceId) =>
        Results.Problem($"No device with id '{DeviceRules.Shorten(deviceId)}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
