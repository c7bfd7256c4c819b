using Microsoft.Extensions.Options;
using NovaConsole.Data;

namespace NovaConsole.Security;

/// <summary>
/// At start, one warning if the data folder lets other users in: it was made by hand or by an older build. It is not
/// changed behind the admin's back (they may share it on purpose); the warning says what to run.
/// </summary>
internal sealed partial class DataFolderCheck(IOptions<StorageOptions> storage, ILogger<DataFolderCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var path = storage.Value.FullDataPath;
        if (PrivateFiles.IsOpenToOthers(path)) LogFolderOpen(logger, path, PrivateFiles.Octal(path));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning,
        Message = "The data folder {Path} is open to other users (mode {Mode}); it holds the TLS key, the database and secrets. Run: chmod -R go-rwx {Path} (folder 0700, files 0600)")]
    private static partial void LogFolderOpen(ILogger logger, string path, string mode);
}
