using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace NovaConsole.Hosting;

/// <summary>
/// The names a self-signed certificate must carry so a device verifies it whichever way it reaches this machine:
/// localhost and the host name, loopback, every unicast address of an interface that is up (devices on the LAN
/// connect by address more often than by name), and the administrator's <see cref="TlsOptions.ExtraNames"/>.
/// </summary>
internal sealed record CertificateNames(IReadOnlySet<string> DnsNames, IReadOnlySet<IPAddress> Addresses)
{
    public static CertificateNames Wanted(IEnumerable<string> extraNames)
    {
        var dns = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", Environment.MachineName };
        var addresses = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        foreach (var address in MachineAddresses()) addresses.Add(address);
        foreach (var name in extraNames.Select(n => n.Trim()).Where(n => n.Length > 0))
        {
            if (IPAddress.TryParse(name, out var address)) addresses.Add(WithoutScope(address));
            else dns.Add(name);
        }
        return new CertificateNames(dns, addresses);
    }

    public static CertificateNames Of(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        return new CertificateNames(
            new HashSet<string>(extension?.EnumerateDnsNames() ?? [], StringComparer.OrdinalIgnoreCase),
            new HashSet<IPAddress>(extension?.EnumerateIPAddresses() ?? []));
    }

    /// <summary>
    /// Whether every name of <paramref name="wanted"/> is here. Extra names here do not count against it: an address the
    /// machine no longer has must not make devices that pinned the certificate re-pin it.
    /// </summary>
    public bool Covers(CertificateNames wanted) => wanted.DnsNames.IsSubsetOf(DnsNames) && wanted.Addresses.IsSubsetOf(Addresses);

    public SubjectAlternativeNameBuilder ToBuilder()
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in DnsNames.Order(StringComparer.OrdinalIgnoreCase)) builder.AddDnsName(name);
        foreach (var address in Addresses.OrderBy(a => a.ToString(), StringComparer.Ordinal)) builder.AddIpAddress(address);
        return builder;
    }

    public override string ToString() => string.Join(", ", DnsNames.Concat(Addresses.Select(a => a.ToString())));

    private static IEnumerable<IPAddress> MachineAddresses()
    {
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            // Without the list (a locked-down container), the certificate still names loopback and the host name.
            return [];
        }
        return interfaces
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => !IPAddress.IsLoopback(a) && a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            .Select(WithoutScope);
    }

    // A certificate's IP address has no IPv6 scope id (fe80::1%eth0), and one with a scope would never compare equal.
    private static IPAddress WithoutScope(IPAddress address) => new(address.GetAddressBytes());
}
