namespace NovaConsole.Bench.Results;

/// <summary>
/// One scenario's outcome, printed as a line and as one JSON object. Memory is the broker's (by PID), in KiB;
/// -1 where unknown. Latency is one-way publisher-to-subscriber, in microseconds.
/// </summary>
internal sealed record ScenarioResult
{
    public required string Scenario { get; init; }
    public string Broker { get; init; } = "";
    public required string Target { get; init; }
    public int Connections { get; init; }
    public int Publishers { get; init; }
    public int Subscribers { get; init; }
    public int Qos { get; init; }
    public int PayloadBytes { get; init; }
    public double DurationSeconds { get; init; }
    public long Sent { get; init; }
    public long Expected { get; init; }
    public long Delivered { get; init; }
    public long Lost { get; init; }
    public long Duplicates { get; init; }
    public long OutOfOrder { get; init; }
    public double DeliveredPerSecond { get; init; }
    public double LatencyP50Us { get; init; }
    public double LatencyP99Us { get; init; }
    public double LatencyP999Us { get; init; }
    public double LatencyMaxUs { get; init; }
    public long BrokerRssStartKiB { get; init; } = -1;
    public long BrokerRssEndKiB { get; init; } = -1;
    public long BrokerHwmEndKiB { get; init; } = -1;
    /// <summary>CPU use over the measured window, 100 = one core: shows which side was the limit on two cores.</summary>
    public double BrokerCpuPercent { get; init; } = -1;
    public double BenchCpuPercent { get; init; } = -1;
    /// <summary>The machine's 1-minute load average at the start: other work on a shared 2-core host skews figures.</summary>
    public double LoadAverageAtStart { get; init; } = -1;
    public double BytesPerConnection { get; init; }
    /// <summary>Device scenarios: PUBACKs received (MQTT QoS 1) and messages stored (NovaConsole's stats), per second.</summary>
    public double AckedPerSecond { get; init; }
    public double StoredPerSecond { get; init; }
    public long Stored { get; init; }
    public int ConnectionsFailed { get; init; }
    public int ConnectionsLost { get; init; }
    public int Stalls { get; init; }
    /// <summary>Device scenarios with <c>--rate</c>: the total publish rate asked for (msg/s).</summary>
    public double? TargetRate { get; init; }
    /// <summary>live-latency: publish-to-visible p90 (the other percentiles use the fields above), in microseconds.</summary>
    public double? LatencyP90Us { get; init; }
    /// <summary>live-latency: probe values published (after the warm-up ones), shown, overwritten before they showed, never shown.</summary>
    public int? Probes { get; init; }
    public int? ProbesShown { get; init; }
    public int? ProbesSuperseded { get; init; }
    public int? ProbesNotShown { get; init; }
    /// <summary>live-latency: the probe's publish-to-PUBACK (queue wait and commit), in microseconds.</summary>
    public double? ProbeAckP50Us { get; init; }
    public double? ProbeAckP99Us { get; init; }
    public bool Ok { get; init; }
    public string? Note { get; init; }
}
