using NovaConsole.Ota;

namespace NovaConsole.Components.Pages.Ota;

/// <summary>A campaign's counts as the counts row shows them: catalog key (ota.counts.*) to number, in display order.</summary>
internal static class OtaCountItems
{
    public static IReadOnlyList<KeyValuePair<string, int>> From(CampaignCounts c) =>
    [
        new("planned", c.Planned), new("queued", c.Queued), new("informed", c.Informed), new("inProgress", c.InProgress),
        new("succeeded", c.Succeeded), new("failed", c.Failed), new("timedOut", c.TimedOut), new("cancelled", c.Cancelled), new("skipped", c.Skipped),
    ];
}
