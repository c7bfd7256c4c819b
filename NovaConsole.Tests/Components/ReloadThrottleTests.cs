using NovaConsole.Components.Shared;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Components;

/// <summary>Live reloads coalesce: however many requests, at most one run per interval, and none is lost.</summary>
public sealed class ReloadThrottleTests
{
    [Fact]
    public void A_thousand_requests_make_one_run_at_once_and_one_more_after_the_interval()
    {
        var time = new ManualTimeProvider();
        var runs = 0;
        using var throttle = new ReloadThrottle(time, TimeSpan.FromSeconds(1), () => { runs++; return Task.CompletedTask; });

        throttle.Request();
        Assert.Equal(1, runs);
        for (var i = 0; i < 1_000; i++) throttle.Request();
        Assert.Equal(1, runs);

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, runs);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, runs);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, runs);
    }

    [Fact]
    public void A_request_long_after_the_last_run_runs_at_once_and_none_runs_after_dispose()
    {
        var time = new ManualTimeProvider();
        var runs = 0;
        var throttle = new ReloadThrottle(time, TimeSpan.FromSeconds(1), () => { runs++; return Task.CompletedTask; });

        throttle.Request();
        time.Advance(TimeSpan.FromSeconds(5));
        throttle.Request();
        Assert.Equal(2, runs);

        throttle.Request();
        throttle.Dispose();
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, runs);
    }
}
