using System.Globalization;
using NovaConsole.Bench.Browser;
using NovaConsole.Bench.Metrics;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// Pairs live-latency's published probe values with the changes the page noted. Values are distinct, so a value is
/// matched by its text; one never shown but followed by a later value that did show was overwritten before a render
/// (superseded), one with nothing shown after it was lost on the way (not shown).
/// </summary>
internal sealed record LiveLatencyOutcome(
    int Shown, int Superseded, int NotShown,
    double VisibleP50Ms, double VisibleP90Ms, double VisibleP99Ms, double VisibleP999Ms, double VisibleMaxMs,
    double FrameP50Ms, double FrameP99Ms, double AckP50Ms, double AckP99Ms, double AfterAckP50Ms, double AfterAckP99Ms)
{
    public static LiveLatencyOutcome Match(IReadOnlyList<LiveProbe.Sample> probes, IReadOnlyList<CardChange> changes)
    {
        var firstSeen = new Dictionary<string, CardChange>(StringComparer.Ordinal);
        foreach (var change in changes) firstSeen.TryAdd(change.Text, change);

        List<double> visible = [], frame = [], ack = [], afterAck = [];
        int shown = 0, superseded = 0, notShown = 0;
        for (int i = 0; i < probes.Count; i++)
        {
            var p = probes[i];
            if (p.AckMs is { } ackMs) ack.Add(ackMs);
            if (firstSeen.TryGetValue(p.Shown, out var seen))
            {
                shown++;
                double ms = seen.DomAtUnixMs - p.PublishedAtUnixMs;
                visible.Add(ms);
                if (seen.FrameAtUnixMs is { } f) frame.Add(f - p.PublishedAtUnixMs);
                // What the console spent after the commit: notification, circuit render, WebSocket, DOM.
                if (p.AckMs is { } a) afterAck.Add(ms - a);
            }
            else if (probes.Skip(i + 1).Any(later => firstSeen.ContainsKey(later.Shown))) superseded++;
            else notShown++;
        }
        visible.Sort(); frame.Sort(); ack.Sort(); afterAck.Sort();
        return new LiveLatencyOutcome(shown, superseded, notShown,
            Percentiles.Of(visible, 0.50), Percentiles.Of(visible, 0.90), Percentiles.Of(visible, 0.99), Percentiles.Of(visible, 0.999),
            visible.Count == 0 ? double.NaN : visible[^1],
            Percentiles.Of(frame, 0.50), Percentiles.Of(frame, 0.99), Percentiles.Of(ack, 0.50), Percentiles.Of(ack, 0.99),
            Percentiles.Of(afterAck, 0.50), Percentiles.Of(afterAck, 0.99));
    }

    /// <summary>One row per probe (times in Unix ms, empty when not seen), for finding where a slow one spent its time.</summary>
    public static void WriteCsv(string path, IReadOnlyList<LiveProbe.Sample> probes, IReadOnlyList<CardChange> changes)
    {
        var firstSeen = new Dictionary<string, CardChange>(StringComparer.Ordinal);
        foreach (var change in changes) firstSeen.TryAdd(change.Text, change);
        var c = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder("value,published_unix_ms,puback_ms,dom_unix_ms,frame_unix_ms,visible_ms\n");
        foreach (var p in probes)
        {
            bool seen = firstSeen.TryGetValue(p.Shown, out var change);
            text.Append(c, $"{p.Value},{p.PublishedAtUnixMs},{p.AckMs:F1},{(seen ? change.DomAtUnixMs : "")},{(seen ? change.FrameAtUnixMs : "")},")
                .Append(c, $"{(seen ? change.DomAtUnixMs - p.PublishedAtUnixMs : "")}\n");
        }
        File.WriteAllText(path, text.ToString());
    }

    public string Describe() => string.Format(CultureInfo.InvariantCulture,
        "visible p50/p90/p99/max {0:F0}/{1:F0}/{2:F0}/{3:F0} ms ({4} shown, {5} superseded, {6} not shown); next frame p50/p99 {7:F0}/{8:F0} ms; " +
        "probe PUBACK (queue + commit) p50/p99 {9:F1}/{10:F1} ms; visible - PUBACK p50/p99 {11:F1}/{12:F1} ms",
        VisibleP50Ms, VisibleP90Ms, VisibleP99Ms, VisibleMaxMs, Shown, Superseded, NotShown, FrameP50Ms, FrameP99Ms,
        AckP50Ms, AckP99Ms, AfterAckP50Ms, AfterAckP99Ms);
}
