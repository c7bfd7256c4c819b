using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using NovaConsole.Data;
using NovaConsole.Security;

namespace NovaConsole.Hosting;

/// <summary>
/// The TLS certificate for MQTT/TLS, device TCP/TLS and HTTPS: from configuration (PFX or PEM) or,
/// when none is configured, self-signed on first start and kept in the data folder so devices can pin it.
/// </summary>
internal sealed partial class ServerCertificate
{
    private const string GeneratedFileName = "server-certificate.pfx";

    public ServerCertificate(IOptions<TlsOptions> tls, IOptions<StorageOptions> storage, ILogger<ServerCertificate> logger)
    {
        var options = tls.Value;
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            Certificate = LoadConfigured(options);
            Source = options.CertificatePath!;
        }
        else
        {
            var path = Path.Combine(storage.Value.FullDataPath, GeneratedFileName);
            var wanted = CertificateNames.Wanted(options.ExtraNames);
            var existing = File.Exists(path) ? X509CertificateLoader.LoadPkcs12FromFile(path, null) : null;
            // Made again only when a wanted name is missing (a new LAN address, a name the admin added), since devices
            // that pinned the old one must pin the new one.
            if (existing is null || !CertificateNames.Of(existing).Covers(wanted))
            {
                existing?.Dispose();
                // The PFX holds the private key unencrypted: 0600, like everything in the data folder.
                PrivateFiles.WriteAllBytes(path, CreateSelfSigned(wanted).Export(X509ContentType.Pfx));
                LogGenerated(logger, path, wanted.ToString());
                existing = X509CertificateLoader.LoadPkcs12FromFile(path, null);
            }
            Certificate = existing;
            Source = path;
        }
        Sha256Fingerprint = Convert.ToHexString(Certificate.GetCertHash(HashAlgorithmName.SHA256));
        LogInUse(logger, Certificate.Subject, FormattedFingerprint, Certificate.NotAfter);
    }

    public X509Certificate2 Certificate { get; }

    public string Source { get; }

    /// <summary>Hex SHA-256 of the DER certificate, the value devices pin.</summary>
    public string Sha256Fingerprint { get; }

    public string FormattedFingerprint => string.Join(':', Sha256Fingerprint.Chunk(2).Select(c => new string(c)));

    private static X509Certificate2 LoadConfigured(TlsOptions options)
    {
        var path = options.CertificatePath!;
        return path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(path, options.KeyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
    }

    private static X509Certificate2 CreateSelfSigned(CertificateNames names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=NovaConsole ({Environment.MachineName})", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(names.ToBuilder().Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Generated a self-signed TLS certificate at {Path} for {Names}; devices that pinned an earlier one must pin this one")]
    private static partial void LogGenerated(ILogger logger, string path, string names);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "TLS certificate {Subject}, SHA-256 fingerprint {Fingerprint}, valid until {NotAfter:u}")]
    private static partial void LogInUse(ILogger logger, string subject, string fingerprint, DateTime notAfter);
}
