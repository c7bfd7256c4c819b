using System.Net;
using System.Net.Sockets;
using NovaConsole.Tests.Devices.Tcp;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>
/// One address cannot pile up connections that never authenticate, on either device port; connections that have
/// authenticated do not count, so many devices behind one NAT address are unaffected.
/// </summary>
[Trait("Needs", "mosquitto")]
public sealed class PendingConnectionLimitTests : SignedInAppTests
{
    private const int Limit = 3;

    // Long handshake deadlines: the idle sockets must stay pending for the whole test, however busy the machine.
    protected override string[] AppArguments =>
        [$"--DeviceTcp:MaxPendingConnectionsPerAddress={Limit}", $"--Mqtt:MaxPendingConnectionsPerAddress={Limit}",
         "--DeviceTcp:AuthTimeoutSeconds=300", "--Mqtt:ConnectTimeoutSeconds=300"];

    private static async Task<Socket> OpenAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, endPoint.Port);
        return socket;
    }

    /// <summary>
    /// Sends the protocol's first message without valid credentials: a connection the server took answers it (CONNACK
    /// refusal, or an auth_result line); one it refused is closed without a word. Returns whether it answered.
    /// </summary>
    private static async Task<bool> AnswersAsync(Socket socket, string listener)
    {
        // MQTT 3.1.1 CONNECT, empty client id, clean session, no credentials; a line for the TCP listener.
        byte[] probe = listener == "mqtt"
            ? [0x10, 0x0C, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x00]
            : "{\"type\":\"ping\"}\n"u8.ToArray();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await socket.SendAsync(probe, timeout.Token);
            return await socket.ReceiveAsync(new byte[256], timeout.Token) > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static Task<bool> NextConnectionAnswersAsync(IPEndPoint endPoint, string listener, bool expected) =>
        Eventually.GetAsync(async () =>
        {
            try
            {
                using var socket = await OpenAsync(endPoint);
                return await AnswersAsync(socket, listener);
            }
            catch (SocketException)
            {
                return false; // reset by the server before the connect completed: refused too
            }
        }, answered => answered == expected, TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData("mqtt")]
    [InlineData("device-tcp")]
    public async Task Connections_beyond_the_per_address_limit_that_have_not_authenticated_are_closed_at_once(string listener)
    {
        var endPoint = Host.Listener(listener);
        var idle = new List<Socket>();
        for (var i = 0; i < Limit; i++) idle.Add(await OpenAsync(endPoint));
        try
        {
            Assert.False(await NextConnectionAnswersAsync(endPoint, listener, expected: false));

            idle[0].Dispose();

            Assert.True(await NextConnectionAnswersAsync(endPoint, listener, expected: true));
        }
        finally
        {
            foreach (var socket in idle) socket.Dispose();
        }
    }

    [Fact]
    public async Task Authenticated_tcp_devices_from_one_address_do_not_count_against_the_limit()
    {
        var devices = new List<RawTcpDevice>();
        try
        {
            for (var i = 0; i < Limit * 2; i++)
            {
                var (deviceId, key) = await CreateDeviceAsync($"Behind NAT {i}");
                var device = await RawTcpDevice.ConnectAsync(Host.Listener("device-tcp"));
                devices.Add(device);
                await device.SendLineAsync(new { type = "auth", device_id = deviceId, device_key = key });
                var answer = await device.ReadLineAsync();
                Assert.Equal("success", answer?.GetProperty("result").GetString());
            }
        }
        finally
        {
            foreach (var device in devices) await device.DisposeAsync();
        }
    }

    [Fact]
    public async Task Authenticated_mqtt_devices_from_one_address_do_not_count_against_the_limit()
    {
        var port = Host.Listener("mqtt").Port.ToString();
        var subscribers = new List<BackgroundProcess>();
        try
        {
            for (var i = 0; i < Limit * 2; i++)
            {
                var (deviceId, key) = await CreateDeviceAsync($"Behind NAT {i}");
                var sub = BackgroundProcess.Start("stdbuf", ["-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-u", deviceId, "-P", key,
                    "-t", $"devices/command/{deviceId}/+", "-d"]);
                subscribers.Add(sub);
                await sub.WaitForOutputAsync(o => o.Contains("SUBACK"), $"device {i} subscribed");
            }
        }
        finally
        {
            foreach (var sub in subscribers) await sub.DisposeAsync();
        }
    }
}
