using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Devices;

namespace NovaConsole.Data;

internal sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> b)
    {
        b.ToTable("devices");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).HasColumnName("id");
        b.Property(d => d.DeviceId).HasColumnName("device_id").UseCollation("NOCASE");
        b.HasIndex(d => d.DeviceId).IsUnique();
        b.Property(d => d.Name).HasColumnName("name").UseCollation("NOCASE");
        b.HasIndex(d => d.Name);
        b.Property(d => d.Description).HasColumnName("description");
        b.Property(d => d.KeyHash).HasColumnName("key_hash");
        b.Property(d => d.IsEnabled).HasColumnName("is_enabled");
        b.Property(d => d.CreatedUtc).HasColumnName("created_utc");
        b.HasIndex(d => d.CreatedUtc);
        b.Property(d => d.UpdatedUtc).HasColumnName("updated_utc");
        b.Property(d => d.KeyRotatedUtc).HasColumnName("key_rotated_utc");
        b.Property(d => d.LastSeenUtc).HasColumnName("last_seen_utc");
        b.HasIndex(d => d.LastSeenUtc);
        b.Property(d => d.Transport).HasColumnName("transport");
        b.Property(d => d.FirmwareVersion).HasColumnName("firmware_version");
        b.Property(d => d.LastRemoteAddress).HasColumnName("last_remote_address");
        b.Property(d => d.AttributesJson).HasColumnName("attributes_json");
        b.HasMany(d => d.Tags).WithOne().HasForeignKey(t => t.DeviceRef).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Sensors).WithOne().HasForeignKey(s => s.DeviceRef).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Actuators).WithOne().HasForeignKey(a => a.DeviceRef).OnDelete(DeleteBehavior.Cascade);
    }
}
