using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Ota;

internal enum DownloadAccess { Unknown, Gone, Allowed }

/// <summary>What a download token opens.</summary>
internal sealed record DownloadGrant(DownloadAccess Access, OtaPackage? Package = null, long AttemptId = 0, long TaskId = 0);

/// <summary>
/// Download tokens: one per attempt, random, only its SHA-256 kept. A token opens its package until its attempt is
/// revoked (a newer attempt, a cancelled task or campaign, a task that ended) or its expiry passes; then 410.
/// Bytes served are added to the attempt and the task: the download progress the platform sees for itself.
/// </summary>
internal sealed class OtaDownloads(IDbContextFactory<NovaDbContext> dbFactory, OtaClock clock, NovaConsole.Live.OtaNotifications notifications)
{
    public static (string Token, string Hash) NewToken()
    {
        var token = Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async Task<DownloadGrant> ResolveAsync(string token, CancellationToken ct)
    {
        if (token.Length is < 16 or > 64) return new DownloadGrant(DownloadAccess.Unknown);
        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await (from a in db.OtaAttempts
                           join t in db.OtaTasks on a.TaskId equals t.Id
                           join c in db.OtaCampaigns on t.CampaignId equals c.Id
                           join p in db.OtaPackages on c.PackageId equals p.Id
                           where a.TokenHash == hash
                           select new { Attempt = a, Package = p }).AsNoTracking().FirstOrDefaultAsync(ct);
        if (found is null) return new DownloadGrant(DownloadAccess.Unknown);
        if (found.Attempt.Revoked || found.Attempt.ExpiresUtc <= clock.UtcNow) return new DownloadGrant(DownloadAccess.Gone);
        return new DownloadGrant(DownloadAccess.Allowed, found.Package, found.Attempt.Id, found.Attempt.TaskId);
    }

    /// <summary>Counts bytes written to a device (also those of a download cut short) and marks the task as alive.</summary>
    public async Task RecordAsync(long attemptId, long taskId, long bytes)
    {
        var now = clock.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.OtaAttempts.Where(a => a.Id == attemptId).ExecuteUpdateAsync(s => s.SetProperty(a => a.BytesServed, a => a.BytesServed + bytes));
        await db.OtaTasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.BytesServed, t => t.BytesServed + bytes)
            .SetProperty(t => t.LastProgressUtc, now));
        var task = await db.OtaTasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => new { t.CampaignId, t.DeviceId }).FirstOrDefaultAsync();
        if (task is not null) notifications.Changed(task.CampaignId, task.DeviceId);
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
