using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Telemetry;

/// <summary>The dashboard's figures: a rate over a sliding window (not the last second), 15 minutes of history, top talkers.</summary>
public sealed class TelemetryStatisticsTests
{
    private readonly ManualTimeProvider time = new();

    [Fact]
    public void The_rate_averages_the_window_so_bursty_batches_read_as_their_mean()
    {
        var stats = new TelemetryStatistics(time);
        // 100 msg/s arriving as one batch of 200 every other second: a one-second window read at the wrong moment shows 0.
        for (var second = 0; second < 20; second++)
        {
            if (second % 2 == 0) stats.Stored(Messages("dev-1", 200));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(100, stats.MessagesPerSecond, precision: 6);
    }

    [Fact]
    public void A_quiet_window_reads_zero_and_a_young_process_divides_by_its_age()
    {
        var stats = new TelemetryStatistics(time);
        stats.Stored(Messages("dev-1", 30));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(10, stats.MessagesPerSecond, precision: 6);

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, stats.MessagesPerSecond);
        Assert.Equal(30, stats.MessagesStored);
    }

    [Fact]
    public void History_covers_fifteen_minutes_oldest_first_and_forgets_what_is_older()
    {
        var stats = new TelemetryStatistics(time);
        time.Advance(TimeSpan.FromMinutes(20));
        stats.Stored(Messages("dev-1", 300));            // in the newest 30-second point once it is complete
        time.Advance(TimeSpan.FromSeconds(30));

        var history = stats.RateHistory(30);

        Assert.Equal(30, history.Count);
        Assert.Equal(10, history[^1], precision: 6);
        Assert.All(history.Take(29), point => Assert.Equal(0, point));

        time.Advance(TimeSpan.FromMinutes(16));
        Assert.All(stats.RateHistory(30), point => Assert.Equal(0, point));
    }

    [Fact]
    public void Top_talkers_rank_devices_by_messages_in_the_last_fifteen_minutes()
    {
        var stats = new TelemetryStatistics(time);
        stats.Stored([.. Messages("old", 1000)]);
        time.Advance(TimeSpan.FromMinutes(16));
        stats.Stored([.. Messages("quiet", 2), .. Messages("busy", 50), .. Messages("middle", 10)]);
        time.Advance(TimeSpan.FromMinutes(3));
        stats.Stored(Messages("busy", 5));

        var top = stats.TopTalkers(2);

        Assert.Equal([new DeviceMessageCount("busy", 55), new DeviceMessageCount("middle", 10)], top);
    }

    private static List<TelemetryMessage> Messages(string deviceId, int count) =>
        Enumerable.Range(0, count).Select(_ => new TelemetryMessage(deviceId, DateTimeOffset.UnixEpoch, [new TelemetryReading("t", TelemetryValue.FromNumber(1.0))])).ToList();
}
