using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Hosting;

/// <summary>
/// The self-signed certificate names every address a device may connect by (the machine's own addresses, not only
/// localhost and the host name), plus names the administrator adds, and is made again when those names change.
/// </summary>
public sealed class ServerCertificateNamesTests
{
    private static async Task<X509Certificate2> ServedCertificateAsync(AppHost host)
    {
        // The certificate is public (devices fetch it to pin it): no sign-in needed.
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var pem = await client.GetStringAsync("api/v1/broker/certificate.pem");
        return X509Certificate2.CreateFromPem(pem);
    }

    private static (HashSet<string> Dns, HashSet<IPAddress> Ips) Names(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        return (extension.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase), extension.EnumerateIPAddresses().ToHashSet());
    }

    private static IEnumerable<IPAddress> MachineAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => !IPAddress.IsLoopback(a) && a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            .Select(a => new IPAddress(a.GetAddressBytes()));

    [Fact]
    public async Task The_served_certificate_names_the_machines_addresses_loopback_and_the_admins_extra_names()
    {
        await using var host = await AppHost.StartWithAdminAsync("--Tls:ExtraNames:0=console.example.lan", "--Tls:ExtraNames:1=10.99.0.7");

        var (dns, ips) = Names(await ServedCertificateAsync(host));

        Assert.Contains("localhost", dns);
        Assert.Contains("console.example.lan", dns);
        Assert.Contains(IPAddress.Parse("10.99.0.7"), ips);
        Assert.Contains(IPAddress.Loopback, ips);
        Assert.Contains(IPAddress.IPv6Loopback, ips);
        Assert.All(MachineAddresses(), address => Assert.Contains(address, ips));
    }

    [Fact]
    public async Task Changing_the_extra_names_regenerates_the_certificate_on_the_next_start_and_an_unchanged_setting_keeps_it()
    {
        // One data folder of the test's own for all three starts (a host deletes only the folder it made itself).
        var dataPath = Directory.CreateTempSubdirectory("novaconsole-cert-").FullName;
        try
        {
            string first;
            await using (var host = await AppHost.StartAsync($"--Storage:DataPath={dataPath}"))
            {
                first = (await ServedCertificateAsync(host)).Thumbprint;
            }

            string second;
            await using (var host = await AppHost.StartAsync($"--Storage:DataPath={dataPath}", "--Tls:ExtraNames:0=gateway.example.lan"))
            {
                var certificate = await ServedCertificateAsync(host);
                second = certificate.Thumbprint;
                Assert.Contains("gateway.example.lan", Names(certificate).Dns);
            }
            Assert.NotEqual(first, second);

            await using (var host = await AppHost.StartAsync($"--Storage:DataPath={dataPath}", "--Tls:ExtraNames:0=gateway.example.lan"))
            {
                Assert.Equal(second, (await ServedCertificateAsync(host)).Thumbprint);
            }
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
