using System.Text.Json;
using NovaConsole.Telemetry;

namespace NovaConsole.Tests.Telemetry;

public sealed class TelemetryJsonTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    [Fact]
    public void Every_value_kind_is_kept_and_envelope_keys_are_not_values()
    {
        using var json = JsonDocument.Parse("""{"timestamp":1651234567,"device_id":"DEV-1","temperature":25.5,"switch":true,"mode":"eco","gps":{"lat":1.5},"nothing":null}""");

        Assert.Null(TelemetryJson.Read(json.RootElement, out var readings, "timestamp", "device_id"));

        Assert.Equal(["temperature", "switch", "mode", "gps"], readings.Select(r => r.Key));
        Assert.Equal(TelemetryValue.FromNumber(25.5), readings[0].Value);
        Assert.Equal("true", readings[1].Value.ToString());
        Assert.Equal("eco", readings[2].Value.ToString());
        Assert.Equal(TelemetryValueKind.Json, readings[3].Value.Kind);
        Assert.Equal("""{"lat":1.5}""", readings[3].Value.Text);
    }

    [Fact]
    public void A_plausible_device_timestamp_in_seconds_or_milliseconds_is_the_measurement_time()
    {
        var tenMinutesAgo = Received.AddMinutes(-10);

        Assert.Equal(tenMinutesAgo, TelemetryJson.MeasuredAt(tenMinutesAgo.ToUnixTimeSeconds(), Received, MaxAge, MaxSkew).At);
        Assert.Equal(tenMinutesAgo, TelemetryJson.MeasuredAt(tenMinutesAgo.ToUnixTimeMilliseconds(), Received, MaxAge, MaxSkew).At);
    }

    [Theory]
    [InlineData(1651234567)]         // the seed's example: 2022, a device clock that was never set
    [InlineData(0)]                  // seed 004's LWT uses 0
    [InlineData(4102444800)]         // 2100: far in the future
    [InlineData(-5)]
    public void An_implausible_device_timestamp_falls_back_to_the_receive_time(long timestamp)
    {
        using var json = JsonDocument.Parse($"{{\"timestamp\":{timestamp}}}");

        Assert.Equal(Received, TelemetryJson.MeasuredAt(json.RootElement.GetProperty("timestamp"), Received, MaxAge, MaxSkew).At);
    }

    [Fact]
    public void A_replaced_device_timestamp_is_kept_beside_the_receive_time()
    {
        var measured = TelemetryJson.MeasuredAt(1651234567, Received, MaxAge, MaxSkew);

        Assert.Equal(Received, measured.At);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1651234567), measured.ReplacedDeviceTime);
        Assert.Null(TelemetryJson.MeasuredAt(Received.AddMinutes(-1).ToUnixTimeSeconds(), Received, MaxAge, MaxSkew).ReplacedDeviceTime);
    }
}
