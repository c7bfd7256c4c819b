using System.Text.Json;

namespace NovaConsole.Ota;

/// <summary>Body of POST /api/v1/ota/campaigns.</summary>
internal sealed record CreateCampaignRequest(string? Name, long? PackageId, CampaignTargets? Targets, DateTimeOffset? StartAt, RolloutRequest? Rollout,
    bool? RequireVersionConfirm);

internal sealed record CampaignTargets(List<string>? DeviceIds, string? Tag, string? Search);

/// <summary>Batch entries are device counts (numbers) or percents written as strings ("10%").</summary>
internal sealed record RolloutRequest(List<JsonElement>? Batches, bool? PauseBetweenBatches, int? MaxInFlight, double? FailurePausePercent, int? MinSample,
    TimeoutsRequest? Timeouts, RetryRequest? Retry);

internal sealed record TimeoutsRequest(int? Ack, int? Stall, int? Total);

internal sealed record RetryRequest(int? Max, int? BackoffSeconds);

/// <summary>The rollout as resolved at creation and kept with the campaign (plan_json).</summary>
internal sealed record CampaignPlan(
    List<int> Batches,
    bool PauseBetweenBatches,
    int MaxInFlight,
    double? FailurePausePercent,
    int MinSample,
    int AckSeconds,
    int StallSeconds,
    int TotalSeconds,
    int RetryMax,
    int BackoffSeconds);

internal sealed record CampaignExclusion(string DeviceId, string Reason);

/// <summary>A dry run's answer, and what creation writes.</summary>
internal sealed record CampaignPreview(
    IReadOnlyList<string> Targets,
    IReadOnlyList<CampaignExclusion> Exclusions,
    IReadOnlyList<int> Batches,
    CampaignPlan Plan,
    long EstimatedSecondsWorstCase);

internal sealed record CampaignCounts(int Planned, int Queued, int Informed, int InProgress, int Succeeded, int Failed, int TimedOut, int Cancelled, int Skipped)
{
    public static CampaignCounts From(IReadOnlyDictionary<string, int> byState)
    {
        int N(string s) => byState.TryGetValue(s, out var n) ? n : 0;
        return new CampaignCounts(N(OtaTaskStates.Planned), N(OtaTaskStates.Queued), N(OtaTaskStates.Informed),
            N(OtaTaskStates.InProgress) + N(OtaTaskStates.Reported), N(OtaTaskStates.Succeeded), N(OtaTaskStates.Failed), N(OtaTaskStates.TimedOut),
            N(OtaTaskStates.Cancelled), N(OtaTaskStates.Skipped));
    }
}

internal sealed record CampaignView(long Id, string Name, long PackageId, string State, string? PauseReason, int CurrentBatch, int BatchCount,
    bool RequireVersionConfirm, DateTime? StartAtUtc, DateTime CreatedUtc, string CreatedBy, DateTime? FinishedUtc, CampaignPlan Plan, CampaignCounts Counts);

internal sealed record CampaignDeviceView(string DeviceId, int Batch, string State, int Attempts, long? AttemptId, int? Step, string? LastMessage,
    string? FailureClass, string? RawCode, string? TimeoutKind, string? SkipReason, long BytesServed, bool FinishedAfterCancel,
    DateTime? InformedUtc, DateTime? LastProgressUtc, DateTime? FinishedUtc);
