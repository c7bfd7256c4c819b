using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Http;

/// <summary>A command queued for an HTTP device that does not come back for it fails as timed out, and is not handed out after.</summary>
public sealed class HttpDeviceCommandTimeoutTests : SignedInAppTests
{
    protected override string[] AppArguments => ["--Commands:TimeoutSeconds=2"];

    [Fact]
    public async Task A_queued_command_the_device_never_fetches_times_out_and_a_later_poll_does_not_get_it()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        using var device = new HttpClient { BaseAddress = Host.BaseAddress };
        device.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.NoContent, (await device.GetAsync($"api/v1/d/{deviceId}/commands?wait=0")).StatusCode);

        var response = await Admin.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", new { kind = "command", name = "reboot" });
        var queued = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        var failed = await Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/commands/{queued.GetProperty("id").GetInt64()}"),
            e => e.GetProperty("status").GetString() == "timed-out");
        var later = await device.GetAsync($"api/v1/d/{deviceId}/commands?wait=0");

        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NoContent, later.StatusCode);
    }
}
