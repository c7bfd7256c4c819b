using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Automation;

namespace NovaConsole.Data;

internal sealed class RuleRecordConfiguration : IEntityTypeConfiguration<RuleRecord>
{
    public void Configure(EntityTypeBuilder<RuleRecord> b)
    {
        b.ToTable("automation_rules");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.Name).HasColumnName("name");
        b.Property(r => r.Enabled).HasColumnName("enabled");
        b.Property(r => r.BodyJson).HasColumnName("body_json");
        b.Property(r => r.CreatedUtc).HasColumnName("created_utc");
        b.Property(r => r.UpdatedUtc).HasColumnName("updated_utc");
        b.Property(r => r.DisabledReason).HasColumnName("disabled_reason");
        b.Property(r => r.Revision).HasColumnName("revision");
    }
}

internal sealed class RuleStateRecordConfiguration : IEntityTypeConfiguration<RuleStateRecord>
{
    public void Configure(EntityTypeBuilder<RuleStateRecord> b)
    {
        b.ToTable("automation_rule_states");
        b.HasKey(s => new { s.RuleId, s.DeviceId });
        b.Property(s => s.RuleId).HasColumnName("rule_id");
        b.Property(s => s.DeviceId).HasColumnName("device_id").UseCollation("NOCASE");
        b.Property(s => s.Revision).HasColumnName("revision");
        b.Property(s => s.Phase).HasColumnName("phase");
        b.Property(s => s.SinceUtc).HasColumnName("since_utc");
        b.Property(s => s.FiredAtUtc).HasColumnName("fired_at_utc");
        b.Property(s => s.DueAtUtc).HasColumnName("due_at_utc");
        b.Property(s => s.Repeats).HasColumnName("repeats");
        b.Property(s => s.LastValue).HasColumnName("last_value");
        b.Property(s => s.Reference).HasColumnName("reference");
    }
}

internal sealed class RuleRunRecordConfiguration : IEntityTypeConfiguration<RuleRunRecord>
{
    public void Configure(EntityTypeBuilder<RuleRunRecord> b)
    {
        b.ToTable("automation_runs");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.RuleId).HasColumnName("rule_id");
        b.Property(r => r.DeviceId).HasColumnName("device_id").UseCollation("NOCASE");
        b.Property(r => r.Reason).HasColumnName("reason");
        b.Property(r => r.TriggerValue).HasColumnName("trigger_value");
        b.Property(r => r.FiredAtUtc).HasColumnName("fired_at_utc");
        b.Property(r => r.Depth).HasColumnName("depth");
        b.Property(r => r.Status).HasColumnName("status");
        b.Property(r => r.Detail).HasColumnName("detail");
        b.Property(r => r.StepsJson).HasColumnName("steps_json");
        b.Property(r => r.FinishedUtc).HasColumnName("finished_utc");
        b.Property(r => r.ConditionsJson).HasColumnName("conditions_json");
        b.HasIndex(r => new { r.RuleId, r.Id });
    }
}

internal sealed class RuleDelayRecordConfiguration : IEntityTypeConfiguration<RuleDelayRecord>
{
    public void Configure(EntityTypeBuilder<RuleDelayRecord> b)
    {
        b.ToTable("automation_delays");
        b.HasKey(d => d.RunId);
        b.Property(d => d.RunId).HasColumnName("run_id").ValueGeneratedNever();
        b.Property(d => d.RuleId).HasColumnName("rule_id");
        b.Property(d => d.Revision).HasColumnName("revision");
        b.Property(d => d.DeviceId).HasColumnName("device_id").UseCollation("NOCASE");
        b.Property(d => d.NextAction).HasColumnName("next_action");
        b.Property(d => d.DueUtc).HasColumnName("due_utc");
        b.Property(d => d.Depth).HasColumnName("depth");
        b.Property(d => d.StepsJson).HasColumnName("steps_json");
    }
}

internal sealed class AlarmRecordConfiguration : IEntityTypeConfiguration<AlarmRecord>
{
    public void Configure(EntityTypeBuilder<AlarmRecord> b)
    {
        b.ToTable("alarms");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).HasColumnName("id");
        b.Property(a => a.DeviceId).HasColumnName("device_id").UseCollation("NOCASE");
        b.Property(a => a.Type).HasColumnName("type");
        b.Property(a => a.Severity).HasColumnName("severity");
        b.Property(a => a.Active).HasColumnName("active");
        b.Property(a => a.Acknowledged).HasColumnName("acknowledged");
        b.Property(a => a.Message).HasColumnName("message");
        b.Property(a => a.RaisedUtc).HasColumnName("raised_utc");
        b.Property(a => a.ClearedUtc).HasColumnName("cleared_utc");
        b.Property(a => a.AcknowledgedBy).HasColumnName("acknowledged_by");
        b.Property(a => a.AcknowledgedUtc).HasColumnName("acknowledged_utc");
        b.Property(a => a.Comment).HasColumnName("comment");
        b.Property(a => a.RuleId).HasColumnName("rule_id");
        b.Property(a => a.RunId).HasColumnName("run_id");
    }
}
