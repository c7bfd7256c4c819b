using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Devices;

namespace NovaConsole.Data;

internal sealed class DeviceTagConfiguration : IEntityTypeConfiguration<DeviceTag>
{
    public void Configure(EntityTypeBuilder<DeviceTag> b)
    {
        b.ToTable("device_tags");
        b.HasKey(t => new { t.DeviceRef, t.Tag });
        b.Property(t => t.DeviceRef).HasColumnName("device_ref");
        b.Property(t => t.Tag).HasColumnName("tag").UseCollation("NOCASE");
        b.HasIndex(t => t.Tag);
    }
}
