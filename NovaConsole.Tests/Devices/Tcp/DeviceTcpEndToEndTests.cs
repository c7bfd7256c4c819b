using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Presence;
using NovaConsole.Devices.Tcp;
using NovaConsole.Devices.Traffic;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Tcp;

/// <summary>The TCP listener in the running app, on a real socket, with real devices created through the API.</summary>
[Trait("Needs", "python")]
public sealed class DeviceTcpEndToEndTests : SignedInAppTests
{
    private DevicePresence Presence => Host.Services.GetRequiredService<DevicePresence>();

    [Fact]
    public async Task The_seeds_complete_python_tcp_client_connects_pings_reports_and_answers_a_command()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var traffic = new List<TrafficEntry>();
        using var watch = Host.Services.GetRequiredService<DeviceTraffic>().Watch(deviceId, e => { lock (traffic) traffic.Add(e); }, out _);

        await using var script = SeedScript.Start("novacloud_tcp_client.py", deviceId, key, "127.0.0.1", Host.Listener("device-tcp").Port);

        await script.WaitForAsync("Authentication successful");
        await script.WaitForAsync("Received heartbeat response");
        await Eventually.TrueAsync(() => Presence.Find(deviceId)?.ReportedStatus == "online", "the device's status report arrives");
        Assert.True(Presence.IsOnline(deviceId));

        using var parameters = JsonDocument.Parse("""{"relay1":"ON","led_brightness":80}""");
        await Host.Services.GetRequiredService<DeviceTcpSessions>().Find(deviceId)!.SendCommandAsync("cmd-12345", "set_actuator", parameters.RootElement);
        await script.WaitForAsync("Received command: set_actuator");
        await Eventually.TrueAsync(() => { lock (traffic) return traffic.Any(e => e.Direction == TrafficDirection.FromDevice && e.Text.Contains("\"command_response\"") && e.Text.Contains("cmd-12345")); },
            "the device's command_response arrives");

        script.Kill();
        await Eventually.TrueAsync(() => !Presence.IsOnline(deviceId), "the device goes offline");
        Assert.Equal("TCP connection closed by the device", Presence.Find(deviceId)!.LastReason);
    }

    [Fact]
    public async Task Data_sent_over_tcp_is_stored_as_telemetry()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var device = await RawTcpDevice.ConnectAsync(Host.Listener("device-tcp"));
        await device.AuthenticateAsync(deviceId, key);

        await device.SendLineAsync(new { type = "data", device_id = deviceId, timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), values = new { temperature = 25.5, humidity = 60.0, relay = "on" } });

        // Queued as the line was read; stored with the next commit (TCP data has no acknowledgement to wait for).
        var latest = await Eventually.GetAsync(
            () => Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest")!,
            values => values!.Count == 3);
        var byKey = latest!.ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("value"));
        Assert.Equal(25.5, byKey["temperature"].GetDouble());
        Assert.Equal("on", byKey["relay"].GetString());
    }

    [Fact]
    public async Task Resetting_the_key_closes_the_tcp_session_and_the_old_key_is_refused()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var device = await RawTcpDevice.ConnectAsync(Host.Listener("device-tcp"));
        await device.AuthenticateAsync(deviceId, key);
        await Eventually.TrueAsync(() => Presence.IsOnline(deviceId), "the device is online");

        var reset = await Admin.PostAsync($"api/v1/devices/{deviceId}/key", null);
        reset.EnsureSuccessStatusCode();
        var newKey = (await reset.Content.ReadFromJsonAsync<KeyDto>())!.Key;

        Assert.Null(await device.ReadLineAsync());
        await Eventually.TrueAsync(() => !Presence.IsOnline(deviceId), "the device goes offline");
        Assert.Contains("key", Presence.Find(deviceId)!.LastReason, StringComparison.OrdinalIgnoreCase);
        await using var withOldKey = await RawTcpDevice.ConnectAsync(Host.Listener("device-tcp"));
        await withOldKey.SendLineAsync(new { type = "auth", device_id = deviceId, device_key = key });
        Assert.Equal("failed", (await withOldKey.ExpectAsync("auth_result")).GetProperty("result").GetString());
        await using var withNewKey = await RawTcpDevice.ConnectAsync(Host.Listener("device-tcp"));
        await withNewKey.AuthenticateAsync(deviceId, newKey);
    }

    [Fact]
    public async Task A_disabled_device_is_refused_with_the_reason()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        (await Admin.PostAsync($"api/v1/devices/{deviceId}/disable", null)).EnsureSuccessStatusCode();
        await using var device = await RawTcpDevice.ConnectAsync(Host.Listener("device-tcp"));

        await device.SendLineAsync(new { type = "auth", device_id = deviceId, device_key = key });

        var result = await device.ExpectAsync("auth_result");
        Assert.Equal("failed", result.GetProperty("result").GetString());
        Assert.Equal("device disabled", result.GetProperty("message").GetString());
        Assert.Null(await device.ReadLineAsync());
    }

    [Fact]
    public async Task Garbage_from_nc_gets_an_error_and_other_devices_are_not_affected()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var healthy = await RawTcpDevice.ConnectAsync(Host.Listener("device-tcp"));
        await healthy.AuthenticateAsync(deviceId, key);

        var nc = Process.Start(new ProcessStartInfo("nc", ["-q", "2", "127.0.0.1", Host.Listener("device-tcp").Port.ToString()])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        await nc.StandardInput.WriteAsync("\u0001\u0002 binary junk {{{ \n");
        await nc.StandardInput.FlushAsync();
        var answer = await nc.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15));
        nc.StandardInput.Close();
        await nc.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Contains("\"auth_result\"", answer);
        Assert.Contains("not valid JSON", answer);
        await healthy.SendLineAsync(new { type = "ping" });
        await healthy.ExpectAsync("pong");
    }

    [Fact]
    public async Task A_ten_megabyte_line_is_refused_and_the_listener_keeps_serving()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var flooder = await RawTcpDevice.ConnectAsync(Host.Listener("device-tcp"));
        await flooder.AuthenticateAsync(deviceId, key);

        var sending = flooder.SendAsync(new string('x', 10 * 1024 * 1024) + "\n");
        var error = await flooder.ExpectAsync("error");
        await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(5)));

        Assert.Contains("at most 131072 bytes", error.GetProperty("message").GetString());
        await using var next = await RawTcpDevice.ConnectAsync(Host.Listener("device-tcp"));
        await next.AuthenticateAsync(deviceId, key);
    }
}
