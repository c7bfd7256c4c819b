namespace NovaConsole.Hosting;

internal sealed class TlsOptions
{
    public const string Section = "Tls";

    /// <summary>PFX (or PEM with <see cref="KeyPath"/>) certificate; empty means self-signed in the data folder.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public string? KeyPath { get; set; }

    /// <summary>
    /// Host names or addresses the self-signed certificate names besides localhost, the host name and the machine's
    /// own addresses (a DNS alias, a NAT address devices use). Not used with a configured certificate.
    /// </summary>
    public List<string> ExtraNames { get; set; } = [];

    /// <summary>An IP address or a DNS name a certificate can carry (checked at start, so a typo is not a start-up crash deep in X.509).</summary>
    public static bool IsValidName(string name)
    {
        name = name.Trim();
        if (System.Net.IPAddress.TryParse(name, out _)) return true;
        var labels = (name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name).Split('.');
        return name.Length is > 0 and <= 253 && labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-'
            && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
