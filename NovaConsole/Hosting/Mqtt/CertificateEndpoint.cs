namespace NovaConsole.Hosting.Mqtt;

internal sealed record CertificateInfo(string Subject, string Sha256Fingerprint, DateTime NotAfter, string Pem);

internal static class CertificateEndpoint
{
    /// <summary>
    /// The server certificate devices trust or pin for MQTT/TLS and TCP/TLS (seed 004 §2.2 ca_certs).
    /// Public on purpose: a certificate is not a secret, and devices fetch it before they have any login.
    /// </summary>
    public static WebApplication MapServerCertificate(this WebApplication app)
    {
        app.MapGet("/api/v1/broker/certificate.pem", (ServerCertificate certificate) =>
                Results.Text(certificate.Certificate.ExportCertificatePem() + "\n", "application/x-pem-file"))
            .AllowAnonymous().WithTags("Broker").WithSummary("The TLS certificate of the device ports, PEM (use as ca_certs, or pin its SHA-256).");
        app.MapGet("/api/v1/broker/certificate", (ServerCertificate certificate) =>
                new CertificateInfo(certificate.Certificate.Subject, certificate.FormattedFingerprint, certificate.Certificate.NotAfter.ToUniversalTime(),
                    certificate.Certificate.ExportCertificatePem()))
            .AllowAnonymous().WithTags("Broker").WithSummary("Subject, SHA-256 fingerprint and expiry of the device ports' TLS certificate.");
        return app;
    }
}
