namespace NovaConsole.Hosting;

internal sealed class TlsOptions
{
    public const string Section = "Tls";

    /// <summary>PFX (or PEM with <see cref="KeyPath"/>) certificate; empty means self-signed in the data folder.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public string? KeyPath { get; set; }
}
