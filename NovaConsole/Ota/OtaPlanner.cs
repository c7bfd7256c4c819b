using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaConsole.Data;
using NovaConsole.Shared;

namespace NovaConsole.Ota;

/// <summary>
/// Turns a campaign request into targets, exclusions (each with its reason) and a batch plan, without writing
/// anything: the dry run answers with this, and creation writes exactly this.
/// </summary>
internal sealed class OtaPlanner(IDbContextFactory<NovaDbContext> dbFactory, IOptions<OtaOptions> options)
{
    public const int MaxTargets = 100_000;

    /// <summary>A NovaCloud device (MQTT or TCP) that never subscribed to its inform topic: seed 004 has no OTA.</summary>
    public const string NoOtaInProtocol = "no OTA in its protocol: a NovaCloud device is informed only once it subscribes to ota/devices/inform";
    public const int MaxBatches = 100;

    public async Task<Outcome<(CampaignPreview Preview, OtaPackage Package)>> PlanAsync(CreateCampaignRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100) return Outcome.Invalid("name is required (1-100 characters).");
        if (request.PackageId is not { } packageId) return Outcome.Invalid("packageId is required.");
        var targets = request.Targets;
        if (targets is null || (targets.DeviceIds is not { Count: > 0 } && string.IsNullOrWhiteSpace(targets.Tag) && string.IsNullOrWhiteSpace(targets.Search)))
            return Outcome.Invalid("targets needs deviceIds, a tag or a search.");
        if (targets.DeviceIds is { Count: > MaxTargets }) return Outcome.Invalid($"At most {MaxTargets} deviceIds.");
        if (ResolvePlan(request.Rollout) is var (plan, batchSpec, problem) && problem is not null) return Outcome.Invalid(problem);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var package = await db.OtaPackages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == packageId, ct);
        if (package is null) return Outcome.NotFound($"No package with id {packageId}.");

        var query = db.Devices.AsNoTracking();
        List<string> asked = [];
        if (targets.DeviceIds is { Count: > 0 } ids)
        {
            asked = ids.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var lowered = asked.Select(i => i.ToLowerInvariant()).ToList();
            query = query.Where(d => lowered.Contains(d.DeviceId.ToLower()));
        }
        if (!string.IsNullOrWhiteSpace(targets.Tag))
        {
            var tag = targets.Tag.Trim();
            query = query.Where(d => d.Tags.Any(t => t.Tag == tag));
        }
        if (!string.IsNullOrWhiteSpace(targets.Search))
        {
            var pattern = "%" + targets.Search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(d => EF.Functions.Like(d.DeviceId, pattern, "\\") || EF.Functions.Like(d.Name, pattern, "\\"));
        }
        var devices = await query.OrderBy(d => d.DeviceId).Take(MaxTargets + 1)
            .Select(d => new { d.DeviceId, d.IsEnabled, d.Transport, d.FirmwareVersion }).ToListAsync(ct);
        if (devices.Count > MaxTargets) return Outcome.Invalid($"A campaign may target at most {MaxTargets} devices.");

        var novaCloud = await OtaDeviceProtocols.NovaCloudDevicesAsync(db, ct);
        var listening = (await db.OtaListeners.AsNoTracking().Select(l => l.DeviceId).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var busy = (await db.OtaTasks.AsNoTracking().Where(t => t.Module == package.Module && OtaTaskStates.Open.Contains(t.State))
                .Select(t => new { t.DeviceId, t.CampaignId }).ToListAsync(ct))
            .GroupBy(x => x.DeviceId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().CampaignId, StringComparer.OrdinalIgnoreCase);

        if (asked.Count > 0)
        {
            // Listed devices keep the order given: the first ones make the canary.
            var order = asked.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i, StringComparer.OrdinalIgnoreCase);
            devices = devices.OrderBy(d => order.TryGetValue(d.DeviceId, out var i) ? i : int.MaxValue).ToList();
        }
        var found = devices.Select(d => d.DeviceId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var exclusions = asked.Where(i => !found.Contains(i)).Select(i => new CampaignExclusion(i, "unknown device")).ToList();
        var eligible = new List<string>();
        foreach (var d in devices)
        {
            string? reason = null;
            if (!d.IsEnabled) reason = "disabled";
            else if (!listening.Contains(d.DeviceId) && (novaCloud.Contains(d.DeviceId) || d.Transport is { } t && t.StartsWith("tcp", StringComparison.OrdinalIgnoreCase)))
                reason = NoOtaInProtocol;
            else if (!listening.Contains(d.DeviceId)) reason = "never subscribed to ota/devices/inform";
            else if (d.FirmwareVersion == package.Version) reason = $"already at version {package.Version}";
            else if (package.FromVersion is { } from && d.FirmwareVersion != from)
                reason = $"precondition unmet: the package upgrades from {from}, the device reports {d.FirmwareVersion ?? "no version"}";
            else if (busy.TryGetValue(d.DeviceId, out var other)) reason = $"module {package.Module} busy in campaign {other}";
            if (reason is null) eligible.Add(d.DeviceId);
            else exclusions.Add(new CampaignExclusion(d.DeviceId, reason));
        }

        var batches = SplitBatches(batchSpec, eligible.Count);
        plan = plan with { Batches = batches };
        long estimate = 0;
        foreach (var size in batches) estimate += (long)Math.Ceiling(size / (double)plan.MaxInFlight) * plan.TotalSeconds;
        return Outcome<(CampaignPreview, OtaPackage)>.Ok((new CampaignPreview(eligible, exclusions, batches, plan, estimate), package));
    }

    private (CampaignPlan Plan, List<JsonElement>? Batches, string? Problem) ResolvePlan(RolloutRequest? rollout)
    {
        var o = options.Value;
        var timeouts = rollout?.Timeouts;
        var plan = new CampaignPlan([], rollout?.PauseBetweenBatches ?? false, rollout?.MaxInFlight ?? 1000,
            rollout?.FailurePausePercent, rollout?.MinSample ?? 1,
            timeouts?.Ack ?? o.DefaultAckTimeoutSeconds, timeouts?.Stall ?? o.DefaultStallTimeoutSeconds, timeouts?.Total ?? o.DefaultTotalTimeoutSeconds,
            rollout?.Retry?.Max ?? (rollout is null ? 0 : 2), rollout?.Retry?.BackoffSeconds ?? 60);
        string? problem = null;
        if (plan.MaxInFlight is < 1 or > 100_000) problem = "rollout.maxInFlight must be between 1 and 100000.";
        else if (plan.FailurePausePercent is < 0 or > 100) problem = "rollout.failurePausePercent must be between 0 and 100.";
        else if (plan.MinSample is < 1 or > 100_000) problem = "rollout.minSample must be between 1 and 100000.";
        else if (plan.AckSeconds is < 1 or > 86_400 || plan.StallSeconds is < 1 or > 86_400 || plan.TotalSeconds is < 1 or > 30 * 86_400)
            problem = "rollout.timeouts: ack and stall 1-86400 seconds, total 1-2592000.";
        else if (plan.RetryMax is < 0 or > 10 || plan.BackoffSeconds is < 0 or > 86_400) problem = "rollout.retry: max 0-10, backoffSeconds 0-86400.";
        else if (rollout?.Batches is { Count: > MaxBatches }) problem = $"At most {MaxBatches} batches.";
        else if (rollout?.Batches is { } list && list.Any(b => !TryBatch(b, out _, out _)))
            problem = "rollout.batches: each entry is a device count (a positive number) or a percent written as a string, e.g. \"10%\".";
        return (plan, rollout?.Batches, problem);
    }

    private static bool TryBatch(JsonElement entry, out double value, out bool percent)
    {
        percent = false;
        value = 0;
        if (entry.ValueKind == JsonValueKind.Number) return entry.TryGetInt32(out var n) && (value = n) >= 1;
        if (entry.ValueKind != JsonValueKind.String) return false;
        var text = entry.GetString()!.Trim();
        percent = text.EndsWith('%');
        if (percent) text = text[..^1].Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value > 0 && (!percent || value <= 100);
    }

    /// <summary>
    /// Percents are of the eligible devices, rounded up (a canary of 1% of 50 is 1 device, not 0); the last batch
    /// takes whatever the entries leave over, and batches beyond the devices are dropped. No rollout: one batch.
    /// </summary>
    public static List<int> SplitBatches(List<JsonElement>? spec, int total)
    {
        if (total == 0) return [];
        if (spec is not { Count: > 0 }) return [total];
        var batches = new List<int>();
        var left = total;
        foreach (var entry in spec)
        {
            if (left == 0) break;
            TryBatch(entry, out var value, out var percent);
            var size = percent ? (int)Math.Ceiling(total * value / 100.0 - 1e-9) : (int)value;
            size = Math.Clamp(size, 1, left);
            batches.Add(size);
            left -= size;
        }
        if (left > 0) batches[^1] += left;
        return batches;
    }
}
