namespace NovaConsole.Security;

/// <summary>
/// The data folder holds the TLS private key, the database, the setup token, the install secret and the cookie keys:
/// its folders are created 0700 and its files 0600, whatever the process umask, so other local users read none of it.
/// (On Windows the folder inherits its parent's ACL; the modes below apply to Unix only.)
/// </summary>
internal static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderMode = FileMode | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the folder (and missing parents) 0700; an existing folder is left as it is (see <see cref="IsOpenToOthers"/>).</summary>
    public static void EnsureFolder(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>
    /// Creates an empty file 0600 unless it exists. SQLite gives its -wal and -shm files the mode of the database file,
    /// so creating the database this way first keeps all three private.
    /// </summary>
    public static void EnsureFile(string path)
    {
        if (File.Exists(path)) return;
        try
        {
            using var _ = Open(path, System.IO.FileMode.CreateNew);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created meanwhile by someone else: theirs stands.
        }
    }

    public static void WriteAllBytes(string path, byte[] bytes)
    {
        using var stream = Open(path, System.IO.FileMode.Create);
        stream.Write(bytes);
    }

    public static async Task WriteAllTextAsync(string path, string text, CancellationToken ct)
    {
        await using var stream = Open(path, System.IO.FileMode.Create);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), ct);
    }

    public static bool IsOpenToOthers(string path) =>
        !OperatingSystem.IsWindows() && Directory.Exists(path) && (File.GetUnixFileMode(path) & GroupOrOther) != 0;

    public static string Octal(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0');

    private static FileStream Open(string path, FileMode mode)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.Write,
            UnixCreateMode = OperatingSystem.IsWindows() ? null : FileMode,
        });
        // UnixCreateMode applies to new files only: an existing file being replaced is made private too.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stream.SafeFileHandle, FileMode);
        return stream;
    }
}
