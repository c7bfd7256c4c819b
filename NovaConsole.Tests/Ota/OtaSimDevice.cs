using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace NovaConsole.Tests.Ota;

/// <summary>What a simulated device does with an inform.</summary>
public enum SimBehaviour
{
    /// <summary>Downloads, checks size and sign, reports 0, 50, 100, reboots and reports the new version.</summary>
    Succeed,
    /// <summary>Reports -1 (upgrade failed).</summary>
    FailUpgrade,
    /// <summary>Reports -2 (download failed).</summary>
    FailDownload,
    /// <summary>Reports -3 (verification failed).</summary>
    FailVerify,
    /// <summary>Reports -4 (flashing failed).</summary>
    FailFlash,
    /// <summary>Reports step -17, which the seed does not define.</summary>
    FailOtherCode,
    /// <summary>Never answers: the ack timeout settles it.</summary>
    Silent,
    /// <summary>Reports 100, then comes back with its old version.</summary>
    RollBack,
    /// <summary>Reports 100 and nothing after (no version report).</summary>
    NeverConfirm,
}

/// <summary>
/// A ThingsPanel-spec device (seed 000 §4.1.4, §4.2.5) on a real MQTT connection to the app (MQTTnet over a socket):
/// it takes informs, downloads the package over HTTP, checks its size and sign, reports progress and fails on purpose
/// as told. Everything it received and did is kept for the test to check.
/// </summary>
internal sealed class OtaSimDevice : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<JsonElement> _informs = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private int _handled;

    public OtaSimDevice(string deviceId, string key, string version)
    {
        DeviceId = deviceId;
        Key = key;
        Version = version;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var payload = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
            Deliveries.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.QualityOfServiceLevel, e.ApplicationMessage.Retain, payload));
            var inform = JsonDocument.Parse(payload).RootElement.Clone();
            _informs.Enqueue(inform);
            _ = Task.Run(() => HandleAsync(inform));
            return Task.CompletedTask;
        };
    }

    public ConcurrentQueue<(string Topic, MqttQualityOfServiceLevel QoS, bool Retain, string Payload)> Deliveries { get; } = new();

    public string DeviceId { get; }
    public string Key { get; }
    public string Version { get; private set; }
    public SimBehaviour Behaviour { get; set; } = SimBehaviour.Succeed;
    public IReadOnlyList<JsonElement> Informs => [.. _informs];
    public IReadOnlyList<string> Problems => [.. _problems];
    public int Handled => Volatile.Read(ref _handled);
    public bool Connected => _client.IsConnected;

    /// <summary>Connects and subscribes to the inform topic in the given spelling ("inform", or ThingsPanel's "infrom").</summary>
    public async Task ConnectAsync(int port, string spelling = "inform")
    {
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"sim_{DeviceId}")
            .WithCredentials(DeviceId, Key).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311).WithCleanSession().Build();
        var connected = await _client.ConnectAsync(options);
        if (connected.ResultCode != MqttClientConnectResultCode.Success || !_client.IsConnected)
            throw new InvalidOperationException($"connect refused: {connected.ResultCode} {connected.ReasonString}");
        var result = await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter($"ota/devices/{spelling}/{DeviceId}", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        if ((int)result.Items.Single().ResultCode != 1) throw new InvalidOperationException($"subscribe refused: {result.Items.Single().ResultCode}");
    }

    public Task DisconnectAsync() => _client.DisconnectAsync();

    public Task ReportAsync(object step, string module = "MCU", string desc = "") =>
        PublishAsync("ota/devices/progress", new { step, desc, module });

    public Task ReportVersionAsync(string version) => PublishAsync($"devices/attributes/{Guid.NewGuid():N}", new { version });

    private Task PublishAsync(string topic, object body) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(JsonSerializer.SerializeToUtf8Bytes(body))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    private async Task HandleAsync(JsonElement inform)
    {
        try
        {
            var p = inform.GetProperty("params");
            var module = p.GetProperty("module").GetString()!;
            switch (Behaviour)
            {
                case SimBehaviour.Silent: return;
                case SimBehaviour.FailUpgrade: await ReportAsync("-1", module, "no package info"); return;
                case SimBehaviour.FailDownload: await ReportAsync(-2, module, "download failed"); return;
                case SimBehaviour.FailFlash: await ReportAsync("-4", module, "flash write error"); return;
                case SimBehaviour.FailOtherCode: await ReportAsync("-17", module); return;
            }
            await ReportAsync("0", module, "started");
            var bytes = await Http.GetByteArrayAsync(p.GetProperty("url").GetString());
            var size = p.GetProperty("size").ValueKind == JsonValueKind.String ? long.Parse(p.GetProperty("size").GetString()!) : p.GetProperty("size").GetInt64();
            var method = p.GetProperty("signMethod").GetString()!;
            var sign = Convert.ToHexStringLower(method.Equals("MD5", StringComparison.OrdinalIgnoreCase) ? MD5.HashData(bytes) : SHA256.HashData(bytes));
            if (bytes.Length != size || sign != p.GetProperty("sign").GetString() || Behaviour == SimBehaviour.FailVerify)
            {
                if (Behaviour != SimBehaviour.FailVerify) _problems.Enqueue($"size {bytes.Length} vs {size}, sign {sign} vs {p.GetProperty("sign")}");
                await ReportAsync("-3", module, "verification failed");
                return;
            }
            await ReportAsync(50, module, "flashing");
            await ReportAsync("100", module, "upgrade 100%");
            if (Behaviour == SimBehaviour.NeverConfirm) return;
            await ReportVersionAsync(Behaviour == SimBehaviour.RollBack ? Version : Version = p.GetProperty("version").GetString()!);
        }
        catch (Exception e)
        {
            _problems.Enqueue(e.ToString());
        }
        finally
        {
            Interlocked.Increment(ref _handled);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }
}
