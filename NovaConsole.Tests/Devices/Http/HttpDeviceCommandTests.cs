using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Http;

/// <summary>
/// GET /api/v1/d/{id}/commands long-polls for the next command, POST .../commands/{id}/response answers it; the
/// operation log follows it as on the other transports, and a long-polling device is online.
/// </summary>
public sealed class HttpDeviceCommandTests : SignedInAppTests
{
    protected override string[] AppArguments => ["--Commands:TimeoutSeconds=20"];

    private HttpClient Device(string key)
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private async Task<JsonElement> SendAsync(string deviceId, string name = "reboot")
    {
        var response = await Admin.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", new { kind = "command", name, @params = new { delay = 5 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<JsonElement> EntryAsync(long id, string status) =>
        Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/commands/{id}"), e => e.GetProperty("status").GetString() == status, TimeSpan.FromSeconds(20));

    private Task<JsonElement> DeviceInfoAsync(string deviceId) => Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}");

    [Fact]
    public async Task A_command_sent_while_the_device_long_polls_is_handed_to_the_poll_and_its_answer_ends_the_entry()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        using var device = Device(key);

        var poll = device.GetAsync($"api/v1/d/{deviceId}/commands?wait=60");
        var online = await Eventually.GetAsync(() => DeviceInfoAsync(deviceId), d => d.GetProperty("isOnline").GetBoolean());
        Assert.Equal("http", online.GetProperty("transport").GetString());
        var sent = await SendAsync(deviceId);
        var fetched = await poll;

        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        var command = await fetched.Content.ReadFromJsonAsync<JsonElement>();
        var id = sent.GetProperty("id").GetInt64();
        Assert.Equal(id.ToString(), command.GetProperty("id").GetString());
        Assert.Equal("reboot", command.GetProperty("method").GetString());
        Assert.Equal(5, command.GetProperty("params").GetProperty("delay").GetInt32());
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        Assert.Equal("http", sent.GetProperty("transport").GetString());

        var answer = await device.PostAsync($"api/v1/d/{deviceId}/commands/{id}/response",
            new StringContent("""{"result":"success","data":{"uptime":0}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matched").GetBoolean());
        var done = await EntryAsync(id, "responded-ok");
        Assert.Contains("uptime", done.GetProperty("responseJson").GetString());
    }

    [Fact]
    public async Task A_command_issued_between_polls_is_queued_and_handed_out_with_the_next_poll()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        using var device = Device(key);
        Assert.Equal(HttpStatusCode.NoContent, (await device.GetAsync($"api/v1/d/{deviceId}/commands?wait=0")).StatusCode);

        var queued = await SendAsync(deviceId, "calibrate");
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        var fetched = await device.GetAsync($"api/v1/d/{deviceId}/commands?wait=0");

        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        var id = queued.GetProperty("id").GetInt64();
        Assert.Equal(id.ToString(), (await fetched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        var sent = await EntryAsync(id, "sent");
        Assert.Equal("http", sent.GetProperty("transport").GetString());
        var answer = await device.PostAsync($"api/v1/d/{deviceId}/commands/{id}/response",
            new StringContent("""{"success":false,"data":{"message":"sensor busy"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var done = await EntryAsync(id, "responded-error");
        Assert.Equal("sensor busy", done.GetProperty("resultMessage").GetString());
    }

    [Fact]
    public async Task A_poll_with_nothing_to_fetch_ends_with_204_and_a_device_that_never_polled_is_offline_for_commands()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        using var device = Device(key);
        Assert.Equal(HttpStatusCode.OK, (await device.PostAsync($"api/v1/d/{deviceId}/telemetry",
            new StringContent("""{"t":1}""", Encoding.UTF8, "application/json"))).StatusCode);

        var offline = await SendAsync(deviceId);
        var empty = await device.GetAsync($"api/v1/d/{deviceId}/commands?wait=1");
        var badWait = await device.GetAsync($"api/v1/d/{deviceId}/commands?wait=soon");
        var unknownAnswer = await device.PostAsync($"api/v1/d/{deviceId}/commands/999999/response",
            new StringContent("""{"result":"success"}""", Encoding.UTF8, "application/json"));

        Assert.Equal("failed", offline.GetProperty("state").GetString());
        Assert.Equal("device_offline", offline.GetProperty("resultCode").GetString());
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badWait.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownAnswer.StatusCode);
        Assert.False((await unknownAnswer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matched").GetBoolean());
    }

    [Fact]
    public async Task Disabling_the_device_ends_its_open_poll_and_takes_it_offline()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        using var device = Device(key);
        var poll = device.GetAsync($"api/v1/d/{deviceId}/commands?wait=60");
        await Eventually.GetAsync(() => DeviceInfoAsync(deviceId), d => d.GetProperty("isOnline").GetBoolean());

        Assert.True((await Admin.PostAsync($"api/v1/devices/{deviceId}/disable", null)).IsSuccessStatusCode);
        var ended = await poll.WaitAsync(TimeSpan.FromSeconds(30));
        var offline = await Eventually.GetAsync(() => DeviceInfoAsync(deviceId), d => !d.GetProperty("isOnline").GetBoolean());
        var again = await device.GetAsync($"api/v1/d/{deviceId}/commands?wait=0");

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.False(offline.GetProperty("isOnline").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
    }

    [Fact]
    public async Task Polling_and_answering_need_the_device_key()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        using var wrong = Device("not-the-key-0123456789abcdef");

        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync($"api/v1/d/{deviceId}/commands?wait=0")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsync($"api/v1/d/{deviceId}/commands/1/response",
            new StringContent("""{"result":"success"}""", Encoding.UTF8, "application/json"))).StatusCode);
    }
}
