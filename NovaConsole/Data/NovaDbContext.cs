using Microsoft.EntityFrameworkCore;
using NovaConsole.Accounts;
using NovaConsole.Commands;
using NovaConsole.Devices;
using NovaConsole.Ota;

namespace NovaConsole.Data;

internal sealed class NovaDbContext(DbContextOptions<NovaDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Device> Devices => Set<Device>();
    public DbSet<DeviceTag> DeviceTags => Set<DeviceTag>();
    public DbSet<DeviceSensor> DeviceSensors => Set<DeviceSensor>();
    public DbSet<DeviceActuator> DeviceActuators => Set<DeviceActuator>();
    public DbSet<CommandLogRecord> CommandLog => Set<CommandLogRecord>();
    public DbSet<OtaPackage> OtaPackages => Set<OtaPackage>();
    public DbSet<OtaCampaign> OtaCampaigns => Set<OtaCampaign>();
    public DbSet<OtaTask> OtaTasks => Set<OtaTask>();
    public DbSet<OtaAttempt> OtaAttempts => Set<OtaAttempt>();
    public DbSet<OtaListener> OtaListeners => Set<OtaListener>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NovaDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        // SQLite keeps no time zone: every DateTime we store is UTC, so read it back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
}
