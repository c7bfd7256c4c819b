using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaConsole.Commands;
using NovaConsole.Data;
using NovaConsole.Hosting;

namespace NovaConsole.Ota;

/// <summary>
/// Sends one inform. The attempt row (state "sending", its id the inform's "id", its token hash) and the task's move
/// to "informed" are committed before the message is published, and nothing ever publishes an attempt that is not
/// new: a crash between the commit and the publish leaves an attempt in "sending" that the ack timeout settles.
/// So no inform goes out twice. Every inform is an operation-log entry.
/// </summary>
internal sealed class OtaInformer(
    IOtaInformTransport transport,
    CommandStore operationLog,
    ListenerRegistry listeners,
    IOptions<OtaOptions> options,
    ILogger<OtaInformer> logger)
{
    public const string LogKind = "ota";
    public const string LogName = "ota.inform";

    /// <returns>True when an inform went out (or was committed and then failed to publish).</returns>
    public async Task<bool> InformAsync(NovaDbContext db, OtaCampaign campaign, CampaignPlan plan, OtaPackage package, OtaTask task, DateTime now, CancellationToken ct)
    {
        if (transport.ListeningTopic(task.DeviceId) is not { } topic) return false;
        var (token, hash) = OtaDownloads.NewToken();
        var attempt = new OtaAttempt
        {
            TaskId = task.Id, Number = task.Attempts + 1, TokenHash = hash, ExpiresUtc = now.AddSeconds(plan.TotalSeconds),
            State = "sending", Topic = topic, CreatedUtc = now,
        };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.OtaAttempts.Add(attempt);
            await db.SaveChangesAsync(ct);
            db.Entry(attempt).State = EntityState.Detached;
            var moved = await db.OtaTasks.Where(t => t.Id == task.Id && t.State == OtaTaskStates.Queued).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.State, OtaTaskStates.Informed)
                .SetProperty(t => t.Attempts, t => t.Attempts + 1)
                .SetProperty(t => t.CurrentAttemptId, attempt.Id)
                .SetProperty(t => t.InformedUtc, now)
                .SetProperty(t => t.LastProgressUtc, (DateTime?)null)
                .SetProperty(t => t.Step, (int?)null)
                .SetProperty(t => t.NotBeforeUtc, (DateTime?)null), ct);
            if (moved == 0)
            {
                await tx.RollbackAsync(ct);
                return false;
            }
            await db.OtaAttempts.Where(a => a.TaskId == task.Id && a.Id != attempt.Id && !a.Revoked).ExecuteUpdateAsync(s => s.SetProperty(a => a.Revoked, true), ct);
            await tx.CommitAsync(ct);
        }

        var payload = OtaWire.Inform(options.Value.PayloadStyle, attempt.Id, package, DownloadUrl(token));
        string? error = null;
        try
        {
            await transport.PublishAsync(topic, payload);
            await db.OtaAttempts.Where(a => a.Id == attempt.Id).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.State, "sent").SetProperty(a => a.PublishedUtc, now), ct);
            OtaLog.InformSent(logger, task.DeviceId, campaign.Id, attempt.Id, topic);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e.Message;
            OtaLog.InformFailed(logger, e, task.DeviceId, attempt.Id);
            await db.OtaAttempts.Where(a => a.Id == attempt.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.State, "publish_failed"), ct);
        }

        // The token is a credential: the operation log keeps the payload with the download URL's token cut out.
        var logged = Encoding.UTF8.GetString(payload).Replace(token, "…", StringComparison.Ordinal);
        await operationLog.InsertAsync(new CommandLogRecord
        {
            DeviceId = task.DeviceId, Kind = LogKind, Name = LogName, ParamsJson = logged,
            Origin = campaign.Origin, IssuedBy = campaign.Origin == "manual" ? campaign.CreatedBy : $"campaign {campaign.Id}",
            Transport = "mqtt", MessageId = attempt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            State = error is null ? CommandNames.Of(CommandState.Sent) : CommandNames.Of(CommandState.Failed),
            CreatedUtc = now, SentUtc = error is null ? now : null, CompletedUtc = error is null ? null : now,
            Succeeded = error is null ? null : false, ResultCode = error is null ? null : "transport_error", ResultMessage = error,
        }, ct);
        return true;
    }

    public string DownloadUrl(string token) => BaseUrl() + OtaDownloadEndpoint.PathPrefix + token;

    private string BaseUrl()
    {
        if (options.Value.PublicBaseUrl is { Length: > 0 } configured) return configured.TrimEnd('/');
        var bound = listeners.EndPoint(ListenerNames.Http) ?? new IPEndPoint(IPAddress.Loopback, 5000);
        var address = bound.Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) address = FirstLanAddress() ?? IPAddress.Loopback;
        return $"http://{new IPEndPoint(address, bound.Port)}";
    }

    private static IPAddress? FirstLanAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
}
