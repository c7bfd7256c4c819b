using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>GET /api/v1/devices/{id}/attributes and /events: what devices reported, with its time, newest events first.</summary>
public sealed class DeviceAttributesEventsApiTests : SignedInAppTests
{
    private DeviceAttributes Attributes => Host.Services.GetRequiredService<DeviceAttributes>();
    private DeviceEvents Events => Host.Services.GetRequiredService<DeviceEvents>();

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public async Task Reported_attributes_are_listed_by_key_with_their_time_and_a_version_fills_the_firmware_column()
    {
        var (deviceId, _) = await CreateDeviceAsync();

        Assert.Null(await Attributes.MergeAsync(deviceId, Json("""{"ip":"10.0.0.7","port":1883}"""), CancellationToken.None));
        Assert.Null(await Attributes.MergeAsync(deviceId, Json("""{"port":1884,"version":"2.1.0","config":{"a":[1,2]}}"""), CancellationToken.None));
        var list = await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/attributes");
        var device = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}");
        var row = (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices?search={deviceId}")).GetProperty("items")[0];

        Assert.Equal(["config", "ip", "port", "version"], list!.Select(a => a.GetProperty("key").GetString()).ToArray());
        var port = list.Single(a => a.GetProperty("key").GetString() == "port");
        Assert.Equal(1884, port.GetProperty("value").GetInt32());   // the later report wins, the earlier keys stay
        Assert.Equal(2, list.Single(a => a.GetProperty("key").GetString() == "config").GetProperty("value").GetProperty("a")[1].GetInt32());
        Assert.True(port.GetProperty("updatedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal("2.1.0", device.GetProperty("firmwareVersion").GetString());
        Assert.Equal("2.1.0", row.GetProperty("firmwareVersion").GetString());
    }

    [Fact]
    public async Task A_firmware_attribute_fills_the_firmware_column_too()
    {
        var (deviceId, _) = await CreateDeviceAsync();

        Assert.Null(await Attributes.MergeAsync(deviceId, Json("""{"firmware":"fw-7"}"""), CancellationToken.None));

        Assert.Equal("fw-7", (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}")).GetProperty("firmwareVersion").GetString());
    }

    [Fact]
    public async Task Attributes_are_bounded_per_device_in_count_and_bytes()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        var many = "{" + string.Join(",", Enumerable.Range(0, DeviceAttributes.MaxKeys + 1).Select(i => $"\"k{i}\":{i}")) + "}";
        var large = "{\"blob\":\"" + new string('x', DeviceAttributes.MaxBytes) + "\"}";

        var tooMany = await Attributes.MergeAsync(deviceId, Json(many), CancellationToken.None);
        var tooLarge = await Attributes.MergeAsync(deviceId, Json(large), CancellationToken.None);
        var unknown = await Attributes.MergeAsync("NO-SUCH-DEVICE", Json("""{"ip":"x"}"""), CancellationToken.None);

        Assert.Contains($"at most {DeviceAttributes.MaxKeys} attributes", tooMany);
        Assert.Contains($"at most {DeviceAttributes.MaxBytes} bytes", tooLarge);
        Assert.Equal("unknown device", unknown);
        Assert.Empty((await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/attributes"))!);
    }

    [Fact]
    public async Task Events_come_newest_first_a_page_at_a_time_with_the_total()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        for (var i = 1; i <= 5; i++) Assert.Null(await Events.AddAsync(deviceId, $"Event{i}", Json($$"""{"n":{{i}}}"""), CancellationToken.None));
        Assert.Null(await Events.AddAsync(deviceId, "NoParams", null, CancellationToken.None));

        var first = await Admin.GetAsync($"api/v1/devices/{deviceId}/events?take=2");
        var second = await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/events?skip=2&take=2");
        var page = (await first.Content.ReadFromJsonAsync<List<JsonElement>>())!;

        Assert.Equal("6", first.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["NoParams", "Event5"], page.Select(e => e.GetProperty("method").GetString()).ToArray());
        Assert.Equal(JsonValueKind.Null, page[0].GetProperty("params").ValueKind);
        Assert.Equal(5, page[1].GetProperty("params").GetProperty("n").GetInt32());
        Assert.Equal(["Event4", "Event3"], second!.Select(e => e.GetProperty("method").GetString()).ToArray());
    }

    [Fact]
    public async Task Bad_paging_is_a_400_and_an_unknown_device_a_404()
    {
        var (deviceId, _) = await CreateDeviceAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync($"api/v1/devices/{deviceId}/events?take=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync($"api/v1/devices/{deviceId}/events?skip=-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("api/v1/devices/NO-SUCH/events")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("api/v1/devices/NO-SUCH/attributes")).StatusCode);
    }

    [Fact]
    public async Task An_event_with_oversized_params_or_method_is_refused()
    {
        var (deviceId, _) = await CreateDeviceAsync();

        var big = await Events.AddAsync(deviceId, "Big", Json("{\"s\":\"" + new string('x', DeviceEvents.MaxParamsBytes) + "\"}"), CancellationToken.None);
        var longMethod = await Events.AddAsync(deviceId, new string('m', DeviceEvents.MaxMethodLength + 1), null, CancellationToken.None);

        Assert.NotNull(big);
        Assert.NotNull(longMethod);
        Assert.Equal(0, (await Events.PageAsync(deviceId, 0, 10, CancellationToken.None)).Total);
    }
}
