using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Ota;

/// <summary>
/// A device subscribed to its inform topic: remembered (campaigns leave out devices that never did), and any
/// campaign holding a queued task for it is stepped, so a device that was offline at its turn is informed now.
/// </summary>
internal sealed class OtaListeners(IDbContextFactory<NovaDbContext> dbFactory, OtaStepScheduler steps, OtaClock clock)
{
    public async Task SubscribedAsync(string deviceId, string topic, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO ota_listeners (device_id, topic, subscribed_utc) VALUES ({deviceId}, {topic}, {now})
            ON CONFLICT(device_id) DO UPDATE SET topic = excluded.topic, subscribed_utc = excluded.subscribed_utc
            """, ct);
        var campaigns = await (from t in db.OtaTasks
                               join c in db.OtaCampaigns on t.CampaignId equals c.Id
                               where t.DeviceId == deviceId && t.State == OtaTaskStates.Queued && c.State == OtaCampaignStates.Running
                               select c.Id).Distinct().ToListAsync(ct);
        foreach (var id in campaigns) steps.Request(id);
    }
}
