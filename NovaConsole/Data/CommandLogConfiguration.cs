using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Commands;

namespace NovaConsole.Data;

internal sealed class CommandLogConfiguration : IEntityTypeConfiguration<CommandLogRecord>
{
    public void Configure(EntityTypeBuilder<CommandLogRecord> b)
    {
        b.ToTable("command_log");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).HasColumnName("id");
        b.Property(c => c.DeviceId).HasColumnName("device_id").UseCollation("NOCASE");
        b.Property(c => c.Kind).HasColumnName("kind");
        b.Property(c => c.Name).HasColumnName("name");
        b.Property(c => c.ParamsJson).HasColumnName("params_json");
        b.Property(c => c.Origin).HasColumnName("origin");
        b.Property(c => c.IssuedBy).HasColumnName("issued_by");
        b.Property(c => c.Transport).HasColumnName("transport");
        b.Property(c => c.MessageId).HasColumnName("message_id");
        b.Property(c => c.State).HasColumnName("state");
        b.Property(c => c.CreatedUtc).HasColumnName("created_utc");
        b.Property(c => c.SentUtc).HasColumnName("sent_utc");
        b.Property(c => c.CompletedUtc).HasColumnName("completed_utc");
        b.Property(c => c.Succeeded).HasColumnName("succeeded");
        b.Property(c => c.ResultCode).HasColumnName("result_code");
        b.Property(c => c.ResultMessage).HasColumnName("result_message");
        b.Property(c => c.ResponseJson).HasColumnName("response_json");
        b.HasIndex(c => new { c.DeviceId, c.CreatedUtc });
        b.HasIndex(c => c.State);
    }
}
