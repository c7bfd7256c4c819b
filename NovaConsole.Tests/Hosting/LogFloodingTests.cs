using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using NovaConsole.Tests.Devices.Tcp;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Hosting;

/// <summary>Values a stranger sends end up in log lines; they must not make the log huge or forge lines.</summary>
public sealed class LogFloodingTests : IAsyncLifetime
{
    /// <summary>A logged value is cut at 128 characters; the rest of a line is our own words.</summary>
    private const int MaxLine = 1024;

    private AppHost host = null!;

    public async Task InitializeAsync() => host = await AppHost.StartWithAdminAsync("--Logging:LogLevel:Default=Information");

    public async Task DisposeAsync() => await host.DisposeAsync();

    private void AssertEveryLineIsBounded() =>
        Assert.All(host.Logs.Lines, l => Assert.True(l.Message.Length <= MaxLine, $"{l.Category} {l.EventId}: {l.Message.Length} characters"));

    [Fact]
    public async Task A_20_MB_user_name_on_sign_in_makes_a_bounded_log_line()
    {
        using var client = host.CreateClient();

        var response = await client.PostAsJsonAsync("api/v1/auth/login", new { username = new string('u', 20_000_000), password = "wrong-password" });

        Assert.Equal(401, (int)response.StatusCode);
        await Eventually.TrueAsync(() => host.Logs.Lines.Any(l => l.EventId == 2001), "the failed sign-in is logged");
        AssertEveryLineIsBounded();
    }

    [Fact]
    public async Task Line_breaks_in_a_user_name_are_escaped_so_they_cannot_forge_log_lines()
    {
        using var client = host.CreateClient();

        await client.PostAsJsonAsync("api/v1/auth/login", new { username = "mallory\r\nUser admin signed in", password = "wrong-password" });

        var line = await Eventually.GetAsync(() => Task.FromResult(host.Logs.Lines.FirstOrDefault(l => l.EventId == 2001)), l => l is not null);
        Assert.DoesNotContain('\n', line!.Message);
        Assert.DoesNotContain('\r', line.Message);
        Assert.Contains(@"mallory\r\nUser admin", line.Message);
    }

    [Fact]
    public async Task The_largest_client_id_and_user_name_an_mqtt_connect_can_carry_make_bounded_log_lines()
    {
        // An MQTT string is at most 65,535 bytes (MQTT 3.1.1 §1.5.3), so this is the most a CONNECT can carry.
        var huge = new string('c', 65_000);
        using var socket = new TcpClient();
        await socket.ConnectAsync(host.Listener("mqtt"));
        var stream = socket.GetStream();
        await stream.WriteAsync(Connect(huge, huge, "key"));
        var connack = new byte[4];
        await stream.ReadExactlyAsync(connack);

        Assert.Equal(0x20, connack[0]);
        Assert.NotEqual(0, connack[3]);
        await Eventually.TrueAsync(() => host.Logs.Lines.Any(l => l.Message.Contains("refused")), "the refused CONNECT is logged");
        AssertEveryLineIsBounded();
    }

    [Fact]
    public async Task A_huge_device_id_in_a_tcp_auth_line_makes_a_bounded_log_line()
    {
        await using var device = await RawTcpDevice.ConnectAsync(host.Listener("device-tcp"));

        await device.SendLineAsync(new { type = "auth", device_id = new string('d', 120_000), device_key = "key" });
        await device.ExpectAsync("auth_result");

        await Eventually.TrueAsync(() => host.Logs.Lines.Any(l => l.Message.Contains("TCP auth refused")), "the refused auth is logged");
        AssertEveryLineIsBounded();
    }

    [Fact]
    public async Task Repeated_failed_sign_ins_from_one_address_are_logged_a_few_times_then_summarised()
    {
        using var client = host.CreateClient();
        for (var i = 0; i < 60; i++)
        {
            await client.PostAsJsonAsync("api/v1/auth/login", new { username = $"stranger{i}", password = "wrong-password" });
        }

        var failed = host.Logs.Lines.Count(l => l.EventId == 2001);
        Assert.InRange(failed, 1, 10);
    }

    /// <summary>MQTT 3.1.1 CONNECT (§3.1) with a client id, user name and password, clean session, keep-alive 60 s.</summary>
    private static byte[] Connect(string clientId, string username, string password)
    {
        var body = new List<byte> { 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0xC2, 0, 60 };
        foreach (var s in new[] { clientId, username, password })
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            body.Add((byte)(bytes.Length >> 8));
            body.Add((byte)bytes.Length);
            body.AddRange(bytes);
        }
        var packet = new List<byte> { 0x10 };
        var length = body.Count;
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            packet.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);
        packet.AddRange(body);
        return packet.ToArray();
    }
}
