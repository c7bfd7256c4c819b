using NovaConsole.Devices.Tcp;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Tcp;

public sealed class DeviceTcpConnectionTests
{
    private const string DeviceId = "DEV-123456";
    private const string Key = "right-key";
    private readonly DeviceTcpOptions _options = new() { MaxMessageBytes = 4096 };
    private readonly RecordingTcpHooks _hooks = new(new() { [DeviceId] = Key, ["DEV-000002"] = "other-key" });
    private readonly DeviceTcpSessions _sessions = new();
    private readonly ManualTimeProvider _time = new();

    private TcpDeviceClient Connect() => new(_options, _hooks, _sessions, _time);

    private async Task<TcpDeviceClient> AuthenticatedAsync()
    {
        var device = Connect();
        await device.SendLineAsync(new { type = "auth", device_id = DeviceId, device_key = Key });
        var result = await device.ExpectAsync("auth_result");
        Assert.Equal("success", result.GetProperty("result").GetString());
        return device;
    }

    private async Task<DeviceTcpCloseReason> ClosedAsync(TcpDeviceClient device)
    {
        await device.Running.WaitAsync(TimeSpan.FromSeconds(10));
        var (_, reason) = await _hooks.Disconnects.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return reason;
    }

    [Fact]
    public async Task A_device_authenticates_and_its_ping_gets_a_pong()
    {
        var device = await AuthenticatedAsync();

        await device.SendLineAsync(new { type = "ping", device_id = DeviceId, timestamp = 1651234567 });

        var pong = await device.ExpectAsync("pong");
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), pong.GetProperty("timestamp").GetInt64());
        Assert.Same(device.Connection, _sessions.Find(DeviceId));
    }

    [Fact]
    public async Task Data_status_and_command_responses_reach_the_product()
    {
        var device = await AuthenticatedAsync();

        await device.SendAsync("{\"type\":\"data\",\"device_id\":\"DEV-123456\",\"timestamp\":1651234567,\"values\":{\"temperature\":25.5,\"switch\":\"on\"}}\n" +
                               "{\"type\":\"status\",\"device_id\":\"DEV-123456\",\"status\":\"online\",\"info\":{\"version\":\"1.0.3\"}}\r\n" +
                               "{\"type\":\"command_response\",\"command_id\":\"cmd-1\",\"device_id\":\"DEV-123456\",\"result\":\"success\",\"data\":{\"relay1\":\"ON\"}}\n" +
                               "{\"type\":\"ping\"}\n");
        await device.ExpectAsync("pong");

        var data = Assert.Single(_hooks.Data);
        Assert.Equal(25.5, data.Values.GetProperty("temperature").GetDouble());
        Assert.Equal(1651234567, data.Timestamp);
        Assert.Equal("online", Assert.Single(_hooks.Statuses).Status);
        var response = Assert.Single(_hooks.CommandResponses);
        Assert.Equal(("cmd-1", "success"), (response.CommandId, response.Result));
    }

    [Fact]
    public async Task The_next_line_is_read_while_the_previous_data_is_still_being_stored()
    {
        var commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hooks.Store = _ => commit.Task;
        var device = await AuthenticatedAsync();

        await device.SendAsync("{\"type\":\"data\",\"values\":{\"t\":1}}\n{\"type\":\"data\",\"values\":{\"t\":2}}\n{\"type\":\"ping\"}\n");

        await device.ExpectAsync("pong"); // answered before the first commit
        Assert.Equal([1, 2], _hooks.Data.Select(d => d.Values.GetProperty("t").GetInt32()));
        commit.SetResult();
    }

    [Fact]
    public async Task Data_that_could_not_be_stored_is_reported_to_the_device_which_stays_connected()
    {
        _hooks.Store = _ => Task.FromException(new IOException("disk full"));
        var device = await AuthenticatedAsync();

        await device.SendLineAsync(new { type = "data", device_id = DeviceId, timestamp = 1651234567, values = new { t = 1 } });

        var error = await device.ExpectAsync("error");
        Assert.Contains("timestamp 1651234567 could not be stored", error.GetProperty("message").GetString());
        Assert.Contains(_hooks.Traffic, t => t.Direction == DeviceTcpDirection.Refused && t.Text.Contains("could not be stored"));
        await device.SendLineAsync(new { type = "ping" });
        await device.ExpectAsync("pong");
    }

    [Theory]
    [InlineData("this is not json", "not valid JSON")]
    [InlineData("[1,2,3]", "JSON object")]
    [InlineData("{\"device_id\":\"DEV-123456\"}", "no \"type\"")]
    [InlineData("{\"type\":\"reboot\"}", "unknown message type 'reboot'")]
    [InlineData("{\"type\":\"data\",\"values\":42}", "\"values\" object")]
    [InlineData("{\"type\":\"status\"}", "\"status\" string")]
    [InlineData("{\"type\":\"command_response\"}", "\"command_id\"")]
    [InlineData("{\"type\":\"data\",\"device_id\":\"DEV-000002\",\"values\":{\"t\":1}}", "not the device authenticated")]
    [InlineData("{\"type\":\"auth\",\"device_id\":\"DEV-123456\",\"device_key\":\"right-key\"}", "already authenticated")]
    public async Task Bad_messages_get_an_error_reply_and_the_connection_stays(string line, string expected)
    {
        var device = await AuthenticatedAsync();

        await device.SendAsync(line + "\n");

        var error = await device.ExpectAsync("error");
        Assert.Contains(expected, error.GetProperty("message").GetString());
        await device.SendLineAsync(new { type = "ping" });
        await device.ExpectAsync("pong");
        Assert.Empty(_hooks.Data);
        Assert.Contains(_hooks.Traffic, t => t.Direction == DeviceTcpDirection.Refused);
    }

    [Fact]
    public async Task A_wrong_key_gets_a_failed_auth_result_and_the_connection_closes()
    {
        var device = Connect();

        await device.SendLineAsync(new { type = "auth", device_id = DeviceId, device_key = "guess" });

        var result = await device.ExpectAsync("auth_result");
        Assert.Equal("failed", result.GetProperty("result").GetString());
        Assert.Contains("Bad device_id or device_key", result.GetProperty("message").GetString());
        Assert.Null(await device.ReadLineAsync());
        await device.Running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(_sessions.Find(DeviceId));
    }

    [Fact]
    public async Task Anything_but_auth_as_the_first_message_is_refused_and_closed()
    {
        var device = Connect();

        await device.SendLineAsync(new { type = "data", device_id = DeviceId, values = new { t = 1 } });

        var result = await device.ExpectAsync("auth_result");
        Assert.Equal("failed", result.GetProperty("result").GetString());
        await device.Running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(_hooks.Data);
    }

    [Fact]
    public async Task No_auth_within_the_deadline_closes_the_connection()
    {
        var device = Connect();
        await device.SendAsync("{\"type\":\"au");

        _time.Advance(TimeSpan.FromSeconds(_options.AuthTimeoutSeconds));

        var result = await device.ExpectAsync("auth_result");
        Assert.Contains("No auth message", result.GetProperty("message").GetString());
        await device.Running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_device_pinging_every_60_seconds_stays_and_a_silent_one_is_closed_after_180()
    {
        var device = await AuthenticatedAsync();
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(60));
            await device.SendLineAsync(new { type = "ping" });
            await device.ExpectAsync("pong");
        }
        Assert.False(device.Running.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(179));
        await device.SendLineAsync(new { type = "ping" });
        await device.ExpectAsync("pong");
        _time.Advance(TimeSpan.FromSeconds(180));

        Assert.Equal(DeviceTcpCloseReason.IdleTimeout, await ClosedAsync(device));
        Assert.Null(_sessions.Find(DeviceId));
    }

    [Fact]
    public async Task Bytes_trickled_without_a_newline_past_the_limit_close_the_connection()
    {
        var device = await AuthenticatedAsync();

        for (var i = 0; i < 5; i++) await device.SendAsync("{\"type\":\"data\",\"values\":{" + new string(' ', 1000));

        var error = await device.ExpectAsync("error");
        Assert.Contains("at most 4096 bytes", error.GetProperty("message").GetString());
        Assert.Equal(DeviceTcpCloseReason.MessageTooLarge, await ClosedAsync(device));
    }

    [Fact]
    public async Task A_newer_connection_replaces_the_older_one_and_the_late_close_changes_nothing()
    {
        var first = await AuthenticatedAsync();
        var second = await AuthenticatedAsync();

        Assert.Equal(DeviceTcpCloseReason.ReplacedByNewerConnection, await ClosedAsync(first));
        Assert.Same(second.Connection, _sessions.Find(DeviceId));
        await second.SendLineAsync(new { type = "ping" });
        await second.ExpectAsync("pong");
    }

    [Fact]
    public async Task The_platform_closes_a_session_on_key_reset_with_its_reason()
    {
        var device = await AuthenticatedAsync();

        Assert.True(_sessions.Close(DeviceId, DeviceTcpCloseReason.ClosedByPlatform));

        Assert.Equal(DeviceTcpCloseReason.ClosedByPlatform, await ClosedAsync(device));
        Assert.Null(_sessions.Find(DeviceId));
    }

    [Fact]
    public async Task A_command_from_the_platform_reaches_the_device_as_seed_004_writes_it()
    {
        var device = await AuthenticatedAsync();
        using var parameters = System.Text.Json.JsonDocument.Parse("{\"relay1\":\"ON\",\"led_brightness\":80}");

        await device.Connection.SendCommandAsync("cmd-12345", "set_actuator", parameters.RootElement);

        var command = await device.ExpectAsync("command");
        Assert.Equal("cmd-12345", command.GetProperty("command_id").GetString());
        Assert.Equal(DeviceId, command.GetProperty("device_id").GetString());
        Assert.Equal("set_actuator", command.GetProperty("command").GetString());
        Assert.Equal(80, command.GetProperty("params").GetProperty("led_brightness").GetInt32());
        Assert.Contains(_hooks.Traffic, t => t.Direction == DeviceTcpDirection.ToDevice && t.Text.Contains("cmd-12345"));
    }

    [Fact]
    public async Task A_device_closing_its_socket_ends_the_session()
    {
        var device = await AuthenticatedAsync();

        await device.CloseAsync();

        Assert.Equal(DeviceTcpCloseReason.ClosedByDevice, await ClosedAsync(device));
    }
}
