using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace NovaConsole.Hosting;

/// <summary>TLS for the device ports: the server certificate, TLS 1.2 and 1.3 only.</summary>
internal static class TlsSettings
{
    public static HttpsConnectionAdapterOptions For(ServerCertificate certificate) => new()
    {
        ServerCertificate = certificate.Certificate,
        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        HandshakeTimeout = TimeSpan.FromSeconds(10),
    };
}
