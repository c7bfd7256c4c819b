using Microsoft.EntityFrameworkCore;
using NovaConsole.Accounts;
using NovaConsole.Automation;
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
    public DbSet<RuleRecord> Rules => Set<RuleRecord>();
    public DbSet<RuleStateRecord> RuleStates => Set<RuleStateRecord>();
    public DbSet<RuleRunRecord> RuleRuns => Set<RuleRunRecord>();
    public DbSet<RuleDelayRecord> RuleDelays => Set<RuleDelayRecord>();
    public DbSet<AlarmRecord> Alarms => Set<AlarmRecord>();
    public DbSet<NovaConsole.Audit.AuditRecord> AuditLog => Set<NovaConsole.Audit.AuditRecord>();
    public DbSet<NovaConsole.Settings.SettingRecord> Settings => Set<NovaConsole.Settings.SettingRecord>();
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
