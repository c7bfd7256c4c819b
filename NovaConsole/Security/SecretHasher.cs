using System.Security.Cryptography;
using System.Text;

namespace NovaConsole.Security;

/// <summary>
/// Hashes machine-generated secrets (device keys, API tokens) with HMAC-SHA256 under the install key.
/// They carry 128+ bits of entropy, so a fast keyed hash is safe and keeps every connect cheap;
/// human passwords use the framework's slow PasswordHasher instead.
/// </summary>
internal sealed class SecretHasher(InstallSecret secret)
{
    public string Hash(string value)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(secret.Key, Encoding.UTF8.GetBytes(value), mac);
        return Convert.ToHexStringLower(mac);
    }

    public bool Matches(string value, string storedHash)
    {
        var computed = Hash(value);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(storedHash));
    }

    /// <summary>
    /// A printable random secret: <paramref name="bytes"/> bytes from the CSPRNG, base64url without padding.
    /// It never starts with '-' or '_': a leading '-' reads as a formula in spreadsheets (and so gets guarded in
    /// CSV files) and as an option on command lines, so a device maker pasting the key would get a wrong one.
    /// </summary>
    public static string NewSecret(int bytes = 24)
    {
        while (true)
        {
            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (char.IsAsciiLetterOrDigit(secret[0])) return secret;
        }
    }
}
