using Microsoft.JSInterop;

namespace NovaConsole.Components.Shared;

/// <summary>
/// The browser's time zone, asked once per circuit (scoped) through JS interop, for <see cref="LocalTime"/>.
/// Until it is known (prerendering, static pages), times show in UTC and say so.
/// </summary>
internal sealed class BrowserClock(IJSRuntime js)
{
    private Task<BrowserZone?>? _asking;

    /// <summary>The zone once known; null before (or when the browser could not tell).</summary>
    public BrowserZone? Zone { get; private set; }

    /// <summary>
    /// The UTC instant at which the browser's calendar day <paramref name="day"/> starts (a date filter's "from"; its
    /// "until" is the next day's start). The UTC day while the zone is not known yet.
    /// </summary>
    public DateTime DayStartUtc(DateTime day) =>
        Zone?.DayStartUtc(day) ?? DateTime.SpecifyKind(day.Date, DateTimeKind.Utc);

    /// <summary>Asks the browser (once; later calls share the answer). Call from OnAfterRenderAsync only.</summary>
    public Task<BrowserZone?> EnsureAsync() => _asking ??= AskAsync();

    private async Task<BrowserZone?> AskAsync()
    {
        try
        {
            var answer = await js.InvokeAsync<BrowserZoneAnswer>("novaConsole.timeZone");
            Zone = BrowserZone.From(answer.Zone, answer.OffsetMinutes);
        }
        catch (JSException)
        {
            Zone = null;
        }
        catch (InvalidOperationException)
        {
            // No JS here (prerendering or a static render): ask again on the next interactive render.
            _asking = null;
        }
        return Zone;
    }
}

/// <summary>What novaConsole.timeZone (app.js) answers: the IANA zone name and the current offset in minutes, east positive.</summary>
internal sealed record BrowserZoneAnswer(string? Zone, int OffsetMinutes);

/// <summary>A browser's zone: the IANA zone when this machine knows it (daylight saving per date), else the fixed offset it reported.</summary>
internal sealed record BrowserZone(string Name, TimeZoneInfo? Zone, TimeSpan FixedOffset)
{
    public static BrowserZone From(string? name, int offsetMinutes)
    {
        TimeZoneInfo? zone = null;
        if (!string.IsNullOrEmpty(name))
        {
            try { zone = TimeZoneInfo.FindSystemTimeZoneById(name); }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { }
        }
        var offset = TimeSpan.FromMinutes(Math.Clamp(offsetMinutes, -14 * 60, 14 * 60));
        return new BrowserZone(name ?? "", zone, offset);
    }

    /// <summary>The UTC instant of local midnight on <paramref name="day"/>; where midnight falls in a DST gap, the first local time after it.</summary>
    public DateTime DayStartUtc(DateTime day)
    {
        var local = DateTime.SpecifyKind(day.Date, DateTimeKind.Unspecified);
        if (Zone is null) return DateTime.SpecifyKind(local - FixedOffset, DateTimeKind.Utc);
        var minutes = 0;
        while (Zone.IsInvalidTime(local) && minutes++ < 180) local = local.AddMinutes(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    public DateTimeOffset ToLocal(DateTimeOffset utc) =>
        Zone is not null ? TimeZoneInfo.ConvertTime(utc, Zone) : utc.ToOffset(FixedOffset);
}
