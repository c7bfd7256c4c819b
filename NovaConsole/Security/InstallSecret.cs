using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using NovaConsole.Data;

namespace NovaConsole.Security;

/// <summary>
/// A random per-install key kept in the data folder, outside the database, so a copy of the
/// database alone is not enough to test guesses against stored key and token hashes.
/// </summary>
internal sealed class InstallSecret
{
    private const string FileName = "install-secret.key";

    public InstallSecret(IOptions<StorageOptions> storage)
    {
        var path = Path.Combine(storage.Value.FullDataPath, FileName);
        PrivateFiles.EnsureFolder(storage.Value.FullDataPath);
        if (File.Exists(path))
        {
            Key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return;
        }
        Key = RandomNumberGenerator.GetBytes(32);
        PrivateFiles.WriteAllBytes(path, System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(Key)));
    }

    public byte[] Key { get; }
}
