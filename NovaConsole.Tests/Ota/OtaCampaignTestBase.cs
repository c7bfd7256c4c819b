using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using NovaConsole.Data;
using NovaConsole.Ota;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>The app with one package, and helpers for campaign tests against simulated ThingsPanel devices.</summary>
public abstract class OtaCampaignTestBase : IAsyncLifetime
{
    private protected readonly byte[] _file = RandomNumberGenerator.GetBytes(200_000);
    private protected OtaRig _rig = null!;
    private protected long _packageId;

    public virtual async Task InitializeAsync()
    {
        _rig = await OtaRig.StartAsync();
        _packageId = (await _rig.UploadAsync(_file, version: "2.0", signMethod: "Md5", extData: "{\"key1\":\"value1\"}")).GetProperty("id").GetInt64();
    }

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private protected async Task<List<OtaSimDevice>> FleetAsync(int count, SimBehaviour behaviour = SimBehaviour.Succeed)
    {
        var fleet = new List<OtaSimDevice>();
        for (var i = 0; i < count; i++)
        {
            var d = await _rig.ConnectDeviceAsync();
            d.Behaviour = behaviour;
            fleet.Add(d);
        }
        return fleet;
    }

    private protected object Campaign(IEnumerable<OtaSimDevice> devices, object? rollout = null, bool requireVersionConfirm = true) =>
        new { name = "rollout", packageId = _packageId, targets = new { deviceIds = devices.Select(d => d.DeviceId).ToArray() }, rollout, requireVersionConfirm };

    private protected async Task<int> RecountAsync(long campaignId, string state)
    {
        var factory = _rig.Host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.OtaTasks.CountAsync(t => t.CampaignId == campaignId && t.State == state);
    }
}
