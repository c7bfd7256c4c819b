using Microsoft.AspNetCore.DataProtection;
using NovaConsole.Data;

namespace NovaConsole.Security;

internal static class SecurityExtensions
{
    public static IHostApplicationBuilder AddSecrets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InstallSecret>();
        builder.Services.AddSingleton<SecretHasher>();
        builder.Services.AddHostedService<DataFolderCheck>();

        // Cookie and antiforgery keys live with the rest of the install, so sign-ins survive restarts
        // and moving the data folder moves everything.
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var keys = Path.Combine(storage.FullDataPath, "keys");
        PrivateFiles.EnsureFolder(keys);
        builder.Services.AddDataProtection()
            .SetApplicationName("NovaConsole")
            .PersistKeysToFileSystem(new DirectoryInfo(keys));
        return builder;
    }
}
