using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Commands;

public sealed class CommandApiTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private AppHost host = null!;
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        host = await AppHost.StartWithAdminAsync();
        admin = await host.CreateSignedInClientAsync();
        var created = await admin.PostAsJsonAsync("api/v1/devices", new
        {
            deviceId = "pump-1",
            name = "Pump 1",
            actuators = new object[]
            {
                new { key = "relay1", name = "Relay", type = "boolean" },
                new { key = "speed", name = "Speed", type = "number", min = 0, max = 10 },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public async Task DisposeAsync()
    {
        admin.Dispose();
        await host.DisposeAsync();
    }

    private async Task<JsonElement> ReadAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonElement>(Web));

    [Fact]
    public async Task An_operator_sends_a_control_to_an_offline_device_and_gets_202_with_the_failed_entry()
    {
        var response = await admin.PostAsJsonAsync("api/v1/devices/pump-1/commands", new { kind = "control", @params = new { relay1 = true, speed = 3 } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var entry = await ReadAsync(response);
        var id = entry.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/commands/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("failed", entry.GetProperty("state").GetString());
        Assert.Equal("device_offline", entry.GetProperty("resultCode").GetString());
        Assert.Equal("admin", entry.GetProperty("issuedBy").GetString());
        Assert.Equal("manual", entry.GetProperty("origin").GetString());
        Assert.Equal("""{"relay1":true,"speed":3}""", entry.GetProperty("paramsJson").GetString());

        var one = await ReadAsync(await admin.GetAsync($"api/v1/commands/{id}"));
        Assert.Equal("failed", one.GetProperty("status").GetString());
        var forDevice = await ReadAsync(await admin.GetAsync("api/v1/devices/pump-1/commands?take=10"));
        Assert.Equal(id, Assert.Single(forDevice.EnumerateArray()).GetProperty("id").GetInt64());
        var failed = await ReadAsync(await admin.GetAsync("api/v1/commands?state=failed"));
        Assert.Single(failed.EnumerateArray());
        var sent = await ReadAsync(await admin.GetAsync("api/v1/commands?state=sent"));
        Assert.Empty(sent.EnumerateArray());
    }

    [Theory]
    [InlineData("""{"kind": "reboot"}""", 400, "kind must be control, command, attributes.set or attributes.get; not 'reboot'.")]
    [InlineData("""{"kind": "control", "params": {"speed": 11}}""", 400, "speed must be between 0 and 10; 11 is out of range.")]
    [InlineData("""{"kind": "control", "params": {"fan": 1}}""", 400, "'fan' is not an actuator of pump-1 (its actuators: relay1, speed).")]
    [InlineData("""{"kind": "command"}""", 400, "A command needs a name: the method the device should run, e.g. RebootDevice.")]
    [InlineData("""{"kind": "command", "name": 5}""", 400, null)]
    [InlineData("""not json""", 400, null)]
    public async Task Bad_requests_get_problem_details_and_nothing_is_logged(string body, int status, string? detail)
    {
        var response = await admin.PostAsync("api/v1/devices/pump-1/commands", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(status, (int)response.StatusCode);
        if (detail is not null) Assert.Equal(detail, problem.Detail);
        Assert.Empty((await ReadAsync(await admin.GetAsync("api/v1/commands"))).EnumerateArray());
    }

    [Fact]
    public async Task Unknown_devices_and_entries_are_404()
    {
        var post = await admin.PostAsJsonAsync("api/v1/devices/nobody/commands", new { kind = "attributes.get" });
        var list = await admin.GetAsync("api/v1/devices/nobody/commands");
        var one = await admin.GetAsync("api/v1/commands/999");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (post.StatusCode, list.StatusCode, one.StatusCode));
        Assert.Equal("No device with id 'nobody'.", (await Problem.ReadAsync(post)).Detail);
    }

    [Fact]
    public async Task A_viewer_reads_the_log_but_gets_403_when_sending()
    {
        (await admin.PostAsJsonAsync("api/v1/users", new { username = "vera", password = "password-123", role = "Viewer" })).EnsureSuccessStatusCode();
        using var viewer = await host.CreateSignedInClientAsync("vera", "password-123");

        var post = await viewer.PostAsJsonAsync("api/v1/devices/pump-1/commands", new { kind = "control", @params = new { relay1 = true } });
        var read = await viewer.GetAsync("api/v1/devices/pump-1/commands");

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Empty((await ReadAsync(read)).EnumerateArray());
    }

    [Fact]
    public async Task Reading_the_log_needs_a_signed_in_user()
    {
        using var anonymous = host.CreateClient();

        var response = await anonymous.GetAsync("api/v1/commands");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Bad_filters_are_refused()
    {
        Assert.Equal("state must be one of pending, queued, sent, delivered, responded, responded-ok, responded-error, failed, timed-out, unmatched.",
            (await Problem.ReadAsync(await admin.GetAsync("api/v1/commands?state=lost"))).Detail);
        Assert.Equal("take must be between 1 and 500.", (await Problem.ReadAsync(await admin.GetAsync("api/v1/commands?take=0"))).Detail);
    }
}
