using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Traffic;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Tcp;

/// <summary>
/// What a broken or hostile TCP device sends (issue 11: devices must not exhaust the server), on a real socket to the
/// running app: every bad message gets an <c>error</c> line, the connection stays usable, good messages are stored.
/// </summary>
public sealed class TcpDeviceInputTests : SignedInAppTests
{
    protected override string[] AppArguments => ["--Telemetry:MaxKeysPerDevice=5"];

    private async Task<RawTcpDevice> ConnectAsync(string deviceId, string key)
    {
        var device = await RawTcpDevice.ConnectAsync(Host.Listener("device-tcp"));
        await device.AuthenticateAsync(deviceId, key);
        return device;
    }

    private async Task<Dictionary<string, JsonElement>> LatestAsync(string deviceId) =>
        (await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest"))!
            .ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("value"));

    /// <summary>Sends the line, then a ping: the answer to the line (if any) comes before the pong.</summary>
    private static async Task<string?> ErrorForAsync(RawTcpDevice device, string line)
    {
        await device.SendAsync(line + "\n");
        await device.SendLineAsync(new { type = "ping" });
        var first = await device.ReadLineAsync() ?? throw new Xunit.Sdk.XunitException("The server closed the connection.");
        if (first.GetProperty("type").GetString() == "pong") return null;
        Assert.Equal("error", first.GetProperty("type").GetString());
        await device.ExpectAsync("pong");
        return first.GetProperty("message").GetString();
    }

    [Fact]
    public async Task A_status_message_keeps_the_firmware_version_from_its_info()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var device = await ConnectAsync(deviceId, key);

        // Seed 004 §3.3, the guide's own example.
        Assert.Null(await ErrorForAsync(device, $$$"""{"type":"status","device_id":"{{{deviceId}}}","timestamp":1651234567,"status":"online","info":{"version":"1.0.3","rssi":-65}}"""));

        var read = await Eventually.GetAsync(
            () => Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}"),
            d => d.GetProperty("firmwareVersion").ValueKind == JsonValueKind.String);
        Assert.Equal("1.0.3", read.GetProperty("firmwareVersion").GetString());
    }

    [Theory]
    [InlineData("""{"temperature":1e400}""")]
    [InlineData("""{"temperature":-1e400}""")]
    [InlineData("""{"nested":{"deep":[1,2,1e999]}}""")]
    public async Task A_number_beyond_double_range_is_refused_with_an_error_and_nothing_is_stored(string values)
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var device = await ConnectAsync(deviceId, key);

        var error = await ErrorForAsync(device, $$$"""{"type":"data","values":{{{values}}}}""");

        Assert.Contains("beyond the range", error);
        Assert.Null(await ErrorForAsync(device, """{"type":"data","values":{"temperature":21.5}}"""));
        var latest = await Eventually.GetAsync(() => LatestAsync(deviceId), l => l.Count > 0);
        Assert.Equal(["temperature"], latest.Keys);
        Assert.Equal(21.5, latest["temperature"].GetDouble());
    }

    [Fact]
    public async Task NaN_and_Infinity_literals_are_refused_as_invalid_json()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var device = await ConnectAsync(deviceId, key);

        Assert.Contains("not valid JSON", await ErrorForAsync(device, """{"type":"data","values":{"t":NaN}}"""));
        Assert.Contains("not valid JSON", await ErrorForAsync(device, """{"type":"data","values":{"t":Infinity}}"""));
    }

    [Fact]
    public async Task Invalid_utf8_or_a_lone_surrogate_in_a_string_gets_an_error_and_the_connection_stays_open()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var device = await ConnectAsync(deviceId, key);
        byte[] invalidUtf8 = [.. """{"type":"data","values":{"mode":"ec"""u8, 0xFF, .. "\"}}\n"u8];

        await device.SendBytesAsync(invalidUtf8);
        var refusedBytes = await device.ExpectAsync("error");
        var refusedSurrogate = await ErrorForAsync(device, """{"type":"data","values":{"mode":"\ud800"}}""");
        var refusedInKey = await ErrorForAsync(device, """{"type":"data","values":{"\udc00x":1}}""");

        Assert.Contains("UTF-8", refusedBytes.GetProperty("message").GetString());
        Assert.Contains("surrogate", refusedSurrogate);
        Assert.Contains("surrogate", refusedInKey);
        Assert.Null(await ErrorForAsync(device, """{"type":"data","values":{"mode":"eco \ud83d\ude00"}}"""));
        var latest = await Eventually.GetAsync(() => LatestAsync(deviceId), l => l.Count > 0);
        Assert.Equal("eco \U0001F600", latest["mode"].GetString());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData(@"nul\u0000")]
    [InlineData(@"tab\there")]
    [InlineData("with space")]
    [InlineData("")]
    public async Task A_key_outside_the_telemetry_key_alphabet_is_refused_clearly(string jsonKey)
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var device = await ConnectAsync(deviceId, key);

        var error = await ErrorForAsync(device, $$$"""{"type":"data","values":{"ok":1,"{{{jsonKey}}}":2}}""");

        Assert.Contains("letters", error);
        Assert.Null(await ErrorForAsync(device, """{"type":"data","values":{"switch_status-2.a":1}}"""));
        var latest = await Eventually.GetAsync(() => LatestAsync(deviceId), l => l.Count > 0);
        Assert.Equal(["switch_status-2.a"], latest.Keys);
    }

    [Fact]
    public async Task A_key_longer_than_64_characters_is_refused()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var device = await ConnectAsync(deviceId, key);

        var error = await ErrorForAsync(device, $$$"""{"type":"data","values":{"{{{new string('k', 65)}}}":1}}""");

        Assert.Contains("64", error);
    }

    [Fact]
    public async Task New_keys_over_the_per_device_cap_are_refused_while_known_keys_keep_working()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var refusals = new List<TrafficEntry>();
        using var watch = Host.Services.GetRequiredService<DeviceTraffic>().Watch(deviceId, e => { lock (refusals) if (e.Direction == TrafficDirection.Refused) refusals.Add(e); }, out _);
        await using var device = await ConnectAsync(deviceId, key);

        Assert.Null(await ErrorForAsync(device, """{"type":"data","values":{"k1":1,"k2":2,"k3":3,"k4":4}}"""));
        var overCap = await ErrorForAsync(device, """{"type":"data","values":{"k1":10,"k5":5,"k6":6}}""");
        Assert.Null(await ErrorForAsync(device, """{"type":"data","values":{"k1":11,"k5":5}}"""));
        var fullNow = await ErrorForAsync(device, """{"type":"data","values":{"k7":7}}""");

        Assert.Contains("at most 5", overCap);
        Assert.Contains("at most 5", fullNow);
        var latest = await Eventually.GetAsync(() => LatestAsync(deviceId), l => l.Count == 5 && l["k1"].GetDouble() == 11);
        Assert.Equal(["k1", "k2", "k3", "k4", "k5"], latest.Keys.Order());
        lock (refusals) Assert.Contains(refusals, e => e.Text.Contains("at most 5"));
    }
}
