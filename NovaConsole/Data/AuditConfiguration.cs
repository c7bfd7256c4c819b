using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Audit;

namespace NovaConsole.Data;

internal sealed class AuditConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> b)
    {
        b.ToTable("audit_log");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).HasColumnName("id");
        b.Property(a => a.AtUtc).HasColumnName("at_utc");
        b.Property(a => a.Actor).HasColumnName("actor").UseCollation("NOCASE");
        b.Property(a => a.UserName).HasColumnName("user_name");
        b.Property(a => a.Action).HasColumnName("action");
        b.Property(a => a.ObjectType).HasColumnName("object_type");
        b.Property(a => a.ObjectId).HasColumnName("object_id").UseCollation("NOCASE");
        b.Property(a => a.Detail).HasColumnName("detail");
        b.Property(a => a.Address).HasColumnName("address");
    }
}
