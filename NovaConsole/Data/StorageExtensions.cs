using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Security;

namespace NovaConsole.Data;

internal static class StorageExtensions
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataPath), "Storage:DataPath must name a folder.")
            .ValidateOnStart();

        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        PrivateFiles.EnsureFolder(storage.FullDataPath);
        PrivateFiles.EnsureFile(storage.DatabasePath);
        var connectionString = ConnectionString(storage.DatabasePath);

        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddDbContextFactory<NovaDbContext>(o => o.UseSqlite(connectionString));
        builder.Services.AddHostedService<SchemaMigrationService>();
        builder.Services.AddSingleton(new DatabaseLocation(storage.DatabasePath, connectionString));
        return builder;
    }

    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();
}

internal sealed record DatabaseLocation(string Path, string ConnectionString);
