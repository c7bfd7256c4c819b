using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Hosting;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Tcp;

public sealed class DeviceTcpTlsTests : SignedInAppTests
{
    protected override string[] AppArguments => ["--DeviceTcp:TlsPort=0"];

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task A_device_authenticates_over_tls_pinning_the_certificate(SslProtocols protocol)
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var pinned = Host.Services.GetRequiredService<ServerCertificate>().Sha256Fingerprint;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Host.Listener("device-tcp-tls").Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
            certificate is not null && Convert.ToHexString(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)) == pinned);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = protocol });

        await tls.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = "auth", device_id = deviceId, device_key = key }) + "\n"));
        using var reader = new StreamReader(tls);
        var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15));

        using var result = JsonDocument.Parse(line!);
        Assert.Equal("success", result.RootElement.GetProperty("result").GetString());
        Assert.Equal(protocol, tls.SslProtocol);
    }
}
