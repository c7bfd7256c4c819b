namespace NovaConsole.Mqtt.Broker.Diagnostics;

/// <summary>
/// Turns running totals into per-second rates: each call compares with the sample taken at least
/// <see cref="MinimumInterval"/> earlier, so frequent callers (a console page every second, $SYS every 10 s)
/// all get a meaningful rate without a timer of its own.
/// </summary>
internal sealed class RateSampler(TimeProvider time)
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private Sample _previous = new(time.GetTimestamp(), 0, 0, 0, 0);
    private Sample _current = new(time.GetTimestamp(), 0, 0, 0, 0);
    private (double, double, double, double) _rates;

    public (double MessagesIn, double MessagesOut, double BytesIn, double BytesOut) Update(MqttBrokerCounters counters)
    {
        lock (_lock)
        {
            var now = new Sample(time.GetTimestamp(), counters.MessagesReceived, counters.MessagesSent, counters.BytesReceived, counters.BytesSent);
            if (time.GetElapsedTime(_current.Timestamp, now.Timestamp) >= MinimumInterval)
            {
                _previous = _current;
                _current = now;
                var seconds = time.GetElapsedTime(_previous.Timestamp, _current.Timestamp).TotalSeconds;
                _rates = (
                    (_current.MessagesIn - _previous.MessagesIn) / seconds,
                    (_current.MessagesOut - _previous.MessagesOut) / seconds,
                    (_current.BytesIn - _previous.BytesIn) / seconds,
                    (_current.BytesOut - _previous.BytesOut) / seconds);
            }

            return _rates;
        }
    }

    private readonly record struct Sample(long Timestamp, long MessagesIn, long MessagesOut, long BytesIn, long BytesOut);
}
