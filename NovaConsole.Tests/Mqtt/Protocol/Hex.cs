namespace NovaConsole.Tests.Mqtt.Protocol;

internal static class Hex
{
    /// <summary>Parses "10 2a 00-04", ignoring spaces and dashes, so vectors can be laid out field by field.</summary>
    public static byte[] Parse(string hex) =>
        Convert.FromHexString(hex.Replace(" ", string.Empty).Replace("-", string.Empty).Replace("\n", string.Empty));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
