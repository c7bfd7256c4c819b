using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NovaConsole.Data;

namespace NovaConsole.Tests.Data;

public sealed class SchemaMigratorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("novaconsole-schema-").FullName;
    private readonly SchemaMigrator _migrator = new(NullLogger<SchemaMigrator>.Instance);

    private string ConnectionString => StorageExtensions.ConnectionString(Path.Combine(_folder, "test.db"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public void A_database_from_an_older_build_upgrades_and_keeps_its_rows()
    {
        // What the first release created: only the first step.
        _migrator.Migrate(ConnectionString, SchemaSteps.All.Take(1).ToList());
        Scalar("INSERT INTO users(username, password_hash, role, security_stamp, created_utc) VALUES ('old-admin', 'hash', 'Admin', 's', '2026-01-01T00:00:00Z')");

        var version = _migrator.Migrate(ConnectionString, SchemaSteps.All);

        Assert.Equal(SchemaSteps.All.Max(s => s.Version), version);
        Assert.Equal("old-admin", Scalar("SELECT username FROM users"));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM api_tokens"));
        Assert.Equal((long)SchemaSteps.All.Count, Scalar("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public void A_lower_numbered_step_added_after_a_higher_one_was_applied_still_runs()
    {
        // Step 4 alters the api_tokens table of step 2, so both arrive late together.
        var withoutSecond = SchemaSteps.All.Where(s => s.Version is not (2 or 4)).ToList();
        _migrator.Migrate(ConnectionString, withoutSecond);
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'api_tokens'"));

        _migrator.Migrate(ConnectionString, SchemaSteps.All);

        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'api_tokens'"));
        Assert.Equal((long)SchemaSteps.All.Count, Scalar("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public void Migrating_twice_changes_nothing()
    {
        var first = _migrator.Migrate(ConnectionString, SchemaSteps.All);
        var second = _migrator.Migrate(ConnectionString, SchemaSteps.All);

        Assert.Equal(first, second);
        Assert.Equal((long)SchemaSteps.All.Count, Scalar("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public void The_database_runs_in_wal_mode()
    {
        _migrator.Migrate(ConnectionString, SchemaSteps.All);

        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public void A_database_newer_than_this_build_is_refused_rather_than_damaged()
    {
        _migrator.Migrate(ConnectionString, SchemaSteps.All);
        Scalar("INSERT INTO schema_version(version, name, applied_utc) VALUES (9999, 'from the future', '2030-01-01')");

        var refused = Assert.Throws<InvalidOperationException>(() => _migrator.Migrate(ConnectionString, SchemaSteps.All));

        Assert.Contains("newer", refused.Message);
    }

    [Fact]
    public void A_failing_step_leaves_the_previous_version_intact()
    {
        _migrator.Migrate(ConnectionString, SchemaSteps.All);
        var broken = SchemaSteps.All.Append(new SchemaStep(10_000, "broken", "CREATE TABLE t(x); SELECT * FROM no_such_table;")).ToList();

        Assert.ThrowsAny<SqliteException>(() => _migrator.Migrate(ConnectionString, broken));

        Assert.Equal((long)SchemaSteps.All.Max(s => s.Version), Scalar("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 't'"));
    }

    [Fact]
    public async Task Every_entity_of_the_model_reads_from_the_tables_the_steps_create()
    {
        _migrator.Migrate(ConnectionString, SchemaSteps.All);
        var options = new DbContextOptionsBuilder<NovaDbContext>().UseSqlite(ConnectionString).Options;
        await using var db = new NovaDbContext(options);

        foreach (var entity in db.Model.GetEntityTypes())
        {
            // Selecting every mapped column fails if a step forgot one.
            var query = (IQueryable<object>)typeof(NovaDbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
                .MakeGenericMethod(entity.ClrType).Invoke(db, null)!;
            await query.Take(1).ToListAsync();
        }
    }
}
