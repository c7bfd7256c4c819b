using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Settings;

namespace NovaConsole.Data;

internal sealed class SettingConfiguration : IEntityTypeConfiguration<SettingRecord>
{
    public void Configure(EntityTypeBuilder<SettingRecord> b)
    {
        b.ToTable("settings");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasColumnName("key").UseCollation("NOCASE");
        b.Property(s => s.Value).HasColumnName("value");
        b.Property(s => s.UpdatedUtc).HasColumnName("updated_utc");
        b.Property(s => s.UpdatedBy).HasColumnName("updated_by");
    }
}
