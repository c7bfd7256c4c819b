using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Http;

/// <summary>
/// POST /api/v1/d/{id}/telemetry, attributes, events and status with the device key, through real HTTP to the app:
/// stored before the 200, refused with a ProblemDetails that says why, and a refusal never costs earlier data.
/// </summary>
public sealed class HttpDeviceApiTests : SignedInAppTests
{
    protected override string[] AppArguments => ["--Devices:FailureThreshold=3"];

    /// <summary>A client as a device is: no cookie, no Origin header.</summary>
    private HttpClient Device(string? key = null, bool header = false)
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress };
        if (key is not null && header) client.DefaultRequestHeaders.Add("X-Device-Key", key);
        else if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private async Task<Dictionary<string, JsonElement>> LatestAsync(string deviceId) =>
        (await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest"))!
            .ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("value"));

    [Fact]
    public async Task Telemetry_in_each_accepted_shape_is_stored_before_the_200()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        using var device = Device(key);
        using var byHeader = Device(key, header: true);

        var plain = await device.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("""{"temperature":21.5,"door":"open"}"""));
        var novaCloud = await byHeader.PostAsync($"api/v1/d/{deviceId}/telemetry", Json($$"""{"timestamp":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},"device_id":"{{deviceId}}","humidity":40}"""));
        var values = await device.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("""{"values":{"pressure":1013}}"""));

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(2, (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stored").GetInt32());
        Assert.Equal(HttpStatusCode.OK, novaCloud.StatusCode);
        Assert.Equal(HttpStatusCode.OK, values.StatusCode);
        // No waiting: a 200 means committed.
        var latest = await LatestAsync(deviceId);
        Assert.Equal(21.5, latest["temperature"].GetDouble());
        Assert.Equal("open", latest["door"].GetString());
        Assert.Equal(40, latest["humidity"].GetInt32());
        Assert.Equal(1013, latest["pressure"].GetInt32());
        Assert.False(latest.ContainsKey("timestamp"));
        Assert.False(latest.ContainsKey("device_id"));
    }

    [Fact]
    public async Task Wrong_key_unknown_device_disabled_device_broken_json_and_a_10_MB_body_each_get_their_status_and_lose_no_earlier_data()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        using var device = Device(key);
        Assert.Equal(HttpStatusCode.OK, (await device.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("""{"level":1}"""))).StatusCode);

        using var wrong = Device("not-the-key-0123456789abcdef");
        var wrongKey = await wrong.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("""{"level":2}"""));
        var unknown = await device.PostAsync("api/v1/d/NO-SUCH-DEVICE/telemetry", Json("""{"level":3}"""));
        using var keyless = Device();
        var noKey = await keyless.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("""{"level":4}"""));
        var broken = await device.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("{\"level\":\n 5,,}"));
        var notObject = await device.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("[1,2]"));
        var badKey = await device.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("""{"bad key!":1}"""));
        // As curl does for large bodies: the 413 then comes before the upload (without it the server closes mid-upload).
        using var hugeRequest = new HttpRequestMessage(HttpMethod.Post, $"api/v1/d/{deviceId}/telemetry") { Content = new ByteArrayContent(new byte[10 * 1024 * 1024]) };
        hugeRequest.Headers.ExpectContinue = true;
        var huge = await device.SendAsync(hugeRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        var wrongKeyProblem = await Problem.ReadAsync(wrongKey);
        Assert.Equal("Bad device credentials", wrongKeyProblem.Title);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(wrongKeyProblem.Detail, (await Problem.ReadAsync(unknown)).Detail);   // no telling which ids exist
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Contains("X-Device-Key", (await Problem.ReadAsync(noKey)).Detail);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var brokenProblem = await Problem.ReadAsync(broken);
        Assert.Equal("Invalid JSON", brokenProblem.Title);
        Assert.Contains("line 2", brokenProblem.Detail);
        Assert.Equal(HttpStatusCode.BadRequest, notObject.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.Contains("bad key!", (await Problem.ReadAsync(badKey)).Detail);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("Body too large", (await Problem.ReadAsync(huge)).Title);

        Assert.True((await Admin.PostAsync($"api/v1/devices/{deviceId}/disable", null)).IsSuccessStatusCode);
        using var afterDisable = Device(key);
        var disabled = await afterDisable.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("""{"level":6}"""));
        Assert.Equal(HttpStatusCode.Forbidden, disabled.StatusCode);
        Assert.Equal("Device disabled", (await Problem.ReadAsync(disabled)).Title);

        Assert.Equal(1, (await LatestAsync(deviceId))["level"].GetInt32());
        Assert.DoesNotContain(Host.Logs.Lines, l => l.Message.Contains(key));
    }

    [Fact]
    public async Task Repeated_wrong_keys_get_429_with_Retry_After_while_the_right_key_still_works()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        using var wrong = Device("guessed-key-0000000000000000000");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("{}"))).StatusCode);

        var throttled = await wrong.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("{}"));
        using var device = Device(key);
        var right = await device.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("""{"ok":true}"""));

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("Too many failed attempts", (await Problem.ReadAsync(throttled)).Title);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Guessing_device_ids_from_one_address_gets_429()
    {
        using var guesser = Device("guessed-key-0000000000000000000");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.PostAsync($"api/v1/d/GUESS-{i}/telemetry", Json("{}"))).StatusCode);

        var throttled = await guesser.PostAsync("api/v1/d/GUESS-9/telemetry", Json("{}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter);
    }

    [Fact]
    public async Task Attributes_events_and_status_reach_the_console()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        using var device = Device(key);

        var attributes = await device.PostAsync($"api/v1/d/{deviceId}/attributes", Json("""{"ip":"10.0.0.9","version":"3.2.1"}"""));
        var evt = await device.PostAsync($"api/v1/d/{deviceId}/events", Json("""{"method":"door_opened","params":{"by":"card 7"}}"""));
        var noMethod = await device.PostAsync($"api/v1/d/{deviceId}/events", Json("""{"params":{}}"""));
        var status = await device.PostAsync($"api/v1/d/{deviceId}/status", Json("""{"status":"error","info":{"version":"3.2.2"}}"""));

        Assert.Equal(HttpStatusCode.OK, attributes.StatusCode);
        Assert.Equal(HttpStatusCode.OK, evt.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noMethod.StatusCode);
        Assert.Contains("method", (await Problem.ReadAsync(noMethod)).Detail);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var listed = await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/attributes");
        Assert.Contains(listed!, a => a.GetProperty("key").GetString() == "ip" && a.GetProperty("value").GetString() == "10.0.0.9");
        var events = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}/events");
        Assert.Contains("door_opened", events.GetRawText());
        Assert.Equal("3.2.2", (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}")).GetProperty("firmwareVersion").GetString());
    }

    [Fact]
    public async Task A_device_that_only_posts_is_seen_over_http_but_not_online()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        using var device = Device(key);

        Assert.Equal(HttpStatusCode.OK, (await device.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("""{"t":1}"""))).StatusCode);

        var seen = await Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}"),
            d => d.GetProperty("lastSeenUtc").ValueKind == JsonValueKind.String);
        Assert.Equal("http", seen.GetProperty("transport").GetString());
        Assert.False(seen.GetProperty("isOnline").GetBoolean());
    }

    [Fact]
    public async Task A_device_key_opens_no_console_route_and_the_console_session_opens_no_device_route()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        using var device = Device(key);

        var consoleList = await device.GetAsync("api/v1/devices");
        var consoleCommand = await device.PostAsync($"api/v1/devices/{deviceId}/commands", Json("""{"kind":"command","name":"reboot"}"""));
        var signedInAsDevice = await Admin.PostAsync($"api/v1/d/{deviceId}/telemetry", Json("""{"t":1}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, consoleList.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, consoleCommand.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedInAsDevice.StatusCode);
    }
}
