using NovaConsole.Components.Shared;

namespace NovaConsole.Tests.Components;

/// <summary>The operation log's and the audit log's date filters mean days in the browser's time zone, not UTC days.</summary>
public sealed class DateFilterDaysTests
{
    [Fact]
    public void A_day_in_shanghai_starts_at_16_00_utc_the_evening_before()
    {
        var zone = BrowserZone.From("Asia/Shanghai", 480);

        Assert.Equal(new DateTime(2026, 12, 6, 16, 0, 0, DateTimeKind.Utc), zone.DayStartUtc(new DateTime(2026, 12, 7)));
        Assert.Equal(DateTimeKind.Utc, zone.DayStartUtc(new DateTime(2026, 12, 7)).Kind);
    }

    [Fact]
    public void In_new_york_the_offset_follows_daylight_saving_per_date()
    {
        var zone = BrowserZone.From("America/New_York", -300);

        Assert.Equal(new DateTime(2026, 1, 15, 5, 0, 0, DateTimeKind.Utc), zone.DayStartUtc(new DateTime(2026, 1, 15)));
        Assert.Equal(new DateTime(2026, 7, 15, 4, 0, 0, DateTimeKind.Utc), zone.DayStartUtc(new DateTime(2026, 7, 15)));
    }

    [Fact]
    public void An_unknown_zone_uses_the_offset_the_browser_reported_and_no_zone_yet_means_utc_days()
    {
        Assert.Equal(new DateTime(2026, 12, 7, 5, 0, 0, DateTimeKind.Utc), BrowserZone.From("Etc/Unknown-Zone", -300).DayStartUtc(new DateTime(2026, 12, 7)));
        Assert.Equal(new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc), new BrowserClock(null!).DayStartUtc(new DateTime(2026, 12, 7, 15, 30, 0)));
    }
}
