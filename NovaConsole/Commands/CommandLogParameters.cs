using NovaConsole.Devices;

namespace NovaConsole.Commands;

/// <summary>
/// The query string of the operation-log routes (list, counts, export): device, state (a status word), origin, kind,
/// search, from/to (ISO 8601), skip and take. Parsed once into a <see cref="CommandQuery"/> or a message for a 400.
/// </summary>
internal sealed record CommandLogParameters(
    string? Device, string? State, string? Origin, string? Kind, string? Search, DateTimeOffset? From, DateTimeOffset? To, int? Skip, int? Take)
{
    public const int MaxSkip = 10_000_000;

    public string? TryBuild(int defaultTake, out CommandQuery query)
    {
        query = new CommandQuery();
        if (Take is < 1 or > CommandQuery.MaxTake) return $"take must be between 1 and {CommandQuery.MaxTake}.";
        if (Skip is < 0 or > MaxSkip) return $"skip must be between 0 and {MaxSkip:N0}.";
        string? status = null;
        if (!string.IsNullOrWhiteSpace(State) && !CommandStatuses.TryParse(State, out status!))
        {
            return $"state must be one of {string.Join(", ", CommandStatuses.All)}.";
        }
        CommandOriginKind? origin = null;
        if (!string.IsNullOrWhiteSpace(Origin))
        {
            if (!CommandNames.TryParseOrigin(Origin, out var o)) return "origin must be manual, automatic or device.";
            origin = o;
        }
        CommandKind? kind = null;
        if (!string.IsNullOrWhiteSpace(Kind))
        {
            if (!CommandNames.TryParseKind(Kind, out var k)) return "kind must be control, command, attributes.set or attributes.get.";
            kind = k;
        }
        if (From is { } f && To is { } t && f >= t) return "'from' must be before 'to'.";
        if (Search is { Length: > 200 } || Device is { Length: > DeviceRules.MaxDeviceIdLength }) return "search and device are too long.";
        query = new CommandQuery(string.IsNullOrWhiteSpace(Device) ? null : Device.Trim(), null, origin, Search, Take ?? defaultTake)
        {
            Skip = Skip ?? 0,
            Kind = kind,
            Status = status,
            FromUtc = From?.UtcDateTime,
            ToUtc = To?.UtcDateTime,
        };
        return null;
    }
}
