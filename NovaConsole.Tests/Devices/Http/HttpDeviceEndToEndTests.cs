using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Http;

/// <summary>
/// The HTTP device API from outside the test process: a Python device (urllib only) posts telemetry, long-polls a
/// command sent from the console's API and answers it; curl sends what a broken or foreign device would.
/// </summary>
[Trait("Needs", "python")]
public sealed class HttpDeviceEndToEndTests : SignedInAppTests
{
    private string Url => Host.BaseAddress.ToString().TrimEnd('/');

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Devices", "Http", "http_device.py");

    /// <summary>curl's status code for one request (the body is dropped).</summary>
    private async Task<string> CurlAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", .. arguments], TimeSpan.FromSeconds(60));
        return result.Output.Trim();
    }

    [Fact]
    public async Task A_python_device_posts_telemetry_and_answers_a_command_from_the_console_and_curl_refusals_lose_nothing()
    {
        var (deviceId, key) = await CreateDeviceAsync("Python over HTTP");
        await using var device = BackgroundProcess.Start("/usr/bin/python3", ["-u", Script, Url, deviceId, key]);
        await device.WaitForOutputAsync(o => o.Contains("telemetry 200"), "the device's telemetry is stored");
        await Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}"), d => d.GetProperty("isOnline").GetBoolean());

        var response = await Admin.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", new { kind = "command", name = "blink", @params = new { times = 3 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await device.WaitForOutputAsync(o => o.Contains($"answered {id} 200"), "the device fetches and answers the command");
        Assert.Contains($"command {id} blink {{\"times\": 3}}", device.Output);
        var entry = await Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/commands/{id}"),
            e => e.GetProperty("status").GetString() == "responded-ok");
        Assert.Equal("http", entry.GetProperty("transport").GetString());
        Assert.Contains("blink", entry.GetProperty("responseJson").GetString());

        var (disabledId, disabledKey) = await CreateDeviceAsync("Disabled");
        Assert.True((await Admin.PostAsync($"api/v1/devices/{disabledId}/disable", null)).IsSuccessStatusCode);
        var big = Path.Combine(Host.DataPath, "ten-megabytes.json");
        await File.WriteAllBytesAsync(big, new byte[10 * 1024 * 1024]);
        var telemetry = $"{Url}/api/v1/d/{deviceId}/telemetry";
        string[] json = ["-H", "Content-Type: application/json"];

        Assert.Equal("200", await CurlAsync([.. json, "-H", $"X-Device-Key: {key}", "-d", """{"pressure":1001}""", telemetry]));
        Assert.Equal("401", await CurlAsync([.. json, "-H", "Authorization: Bearer wrong-key-000000000000000000", "-d", """{"pressure":1}""", telemetry]));
        Assert.Equal("403", await CurlAsync([.. json, "-H", $"Authorization: Bearer {disabledKey}", "-d", """{"pressure":2}""", $"{Url}/api/v1/d/{disabledId}/telemetry"]));
        Assert.Equal("400", await CurlAsync([.. json, "-H", $"Authorization: Bearer {key}", "-d", """{"pressure":3""", telemetry]));
        Assert.Equal("413", await CurlAsync([.. json, "-H", $"Authorization: Bearer {key}", "--data-binary", $"@{big}", telemetry]));
        Assert.Equal("401", await CurlAsync([.. json, "-H", $"Authorization: Bearer {key}", "-d", """{"pressure":4}""", $"{Url}/api/v1/d/NO-SUCH-DEVICE/telemetry"]));

        var latest = (await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest"))!
            .ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("value"));
        Assert.Equal(22.5, latest["temperature"].GetDouble());
        Assert.Equal(41, latest["humidity"].GetInt32());
        Assert.Equal(1001, latest["pressure"].GetInt32());
    }
}
