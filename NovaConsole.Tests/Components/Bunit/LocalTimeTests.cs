using Bunit;
using NovaConsole.Components.Shared;

namespace NovaConsole.Tests.Components.Bunit;

/// <summary>LocalTime: UTC (and says so) until the browser tells its zone, then local time with UTC on hover.</summary>
public sealed class LocalTimeTests
{
    private static readonly DateTime Noon = new(2026, 1, 15, 12, 0, 0, DateTimeKind.Unspecified);

    [Fact]
    public async Task Before_the_browser_answers_the_time_is_utc_and_labelled()
    {
        await using var ctx = new ConsoleComponentContext();
        ctx.JSInterop.Setup<BrowserZoneAnswer>("novaConsole.timeZone");   // never answers

        var time = ctx.Render<LocalTime>(p => p.Add(c => c.Value, Noon));

        Assert.Equal("2026-01-15 12:00:00 UTC", time.Find("time").TextContent);
        Assert.Equal("2026-01-15 12:00:00 UTC", time.Find("time").GetAttribute("title"));
        Assert.Equal("2026-01-15T12:00:00.0000000+00:00", time.Find("time").GetAttribute("datetime"));
    }

    [Fact]
    public async Task Once_the_browser_gives_its_zone_the_time_is_local_and_utc_stays_on_hover()
    {
        await using var ctx = new ConsoleComponentContext();
        ctx.JSInterop.Setup<BrowserZoneAnswer>("novaConsole.timeZone").SetResult(new BrowserZoneAnswer("Asia/Shanghai", 480));

        var time = ctx.Render<LocalTime>(p => p.Add(c => c.Value, Noon).Add(c => c.Format, "time"));

        time.WaitForAssertion(() => Assert.Equal("20:00:00", time.Find("time").TextContent));
        Assert.Equal("2026-01-15 12:00:00 UTC", time.Find("time").GetAttribute("title"));
    }

    [Fact]
    public async Task The_zone_is_asked_once_per_circuit_however_many_times_are_shown()
    {
        await using var ctx = new ConsoleComponentContext();
        var ask = ctx.JSInterop.Setup<BrowserZoneAnswer>("novaConsole.timeZone");
        ask.SetResult(new BrowserZoneAnswer("Etc/Unknown-Zone", -300));

        var first = ctx.Render<LocalTime>(p => p.Add(c => c.Value, Noon));
        var second = ctx.Render<LocalTime>(p => p.Add(c => c.Value, Noon.AddHours(1)));

        // An unknown zone name falls back to the offset the browser reported.
        first.WaitForAssertion(() => Assert.Equal("2026-01-15 07:00:00", first.Find("time").TextContent));
        second.WaitForAssertion(() => Assert.Equal("2026-01-15 08:00:00", second.Find("time").TextContent));
        Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "novaConsole.timeZone");
    }
}
