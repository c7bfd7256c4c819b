namespace NovaConsole.Ota;

/// <summary>The "Ota" settings section, validated at start.</summary>
internal sealed class OtaOptions
{
    public const string Section = "Ota";

    /// <summary>
    /// Scheme, host and port devices use to download packages, e.g. "http://10.0.0.5:5000". Empty: the console's own
    /// HTTP listener address as bound (fine on a LAN when it listens on a concrete address; set it behind NAT or a proxy).
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Largest package accepted (bytes); default 64 MiB.</summary>
    public long MaxPackageBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>"sample": the seed's sample payload (id a string, code and size numbers); "thingspanel": every scalar a string, as the seed's table writes them.</summary>
    public string PayloadStyle { get; set; } = OtaPayloadStyles.Sample;

    public int DefaultAckTimeoutSeconds { get; set; } = 300;
    public int DefaultStallTimeoutSeconds { get; set; } = 600;
    public int DefaultTotalTimeoutSeconds { get; set; } = 3600;

    /// <summary>After step 100, how long a device has to report the new version when a campaign asks for confirmation.</summary>
    public int VersionConfirmSeconds { get; set; } = 900;

    public bool IsValid(out string? problem)
    {
        problem = null;
        if (PublicBaseUrl.Length > 0 && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            problem = "Ota:PublicBaseUrl must be an absolute http(s) URL, e.g. http://10.0.0.5:5000, or empty.";
        else if (MaxPackageBytes is < 1 or > 4L * 1024 * 1024 * 1024) problem = "Ota:MaxPackageBytes must be between 1 and 4 GiB.";
        else if (PayloadStyle is not (OtaPayloadStyles.Sample or OtaPayloadStyles.ThingsPanel)) problem = "Ota:PayloadStyle must be sample or thingspanel.";
        else if (DefaultAckTimeoutSeconds < 1 || DefaultStallTimeoutSeconds < 1 || DefaultTotalTimeoutSeconds < 1 || VersionConfirmSeconds < 1)
            problem = "Ota: timeouts must be at least 1 second.";
        return problem is null;
    }
}

internal static class OtaPayloadStyles
{
    public const string Sample = "sample";
    public const string ThingsPanel = "thingspanel";
}

/// <summary>The clock of the OTA engine: the app's TimeProvider, replaceable by a test's manual clock.</summary>
internal sealed class OtaClock(TimeProvider time)
{
    public TimeProvider Time { get; set; } = time;
    public DateTime UtcNow => Time.GetUtcNow().UtcDateTime;
}
