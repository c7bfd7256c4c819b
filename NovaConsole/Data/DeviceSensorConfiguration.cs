using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Devices;

namespace NovaConsole.Data;

internal sealed class DeviceSensorConfiguration : IEntityTypeConfiguration<DeviceSensor>
{
    public void Configure(EntityTypeBuilder<DeviceSensor> b)
    {
        b.ToTable("device_sensors");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).HasColumnName("id");
        b.Property(s => s.DeviceRef).HasColumnName("device_ref");
        b.Property(s => s.Position).HasColumnName("position");
        b.Property(s => s.ValueKey).HasColumnName("value_key").UseCollation("NOCASE");
        b.HasIndex(s => new { s.DeviceRef, s.ValueKey }).IsUnique();
        b.Property(s => s.Name).HasColumnName("name");
        b.Property(s => s.Unit).HasColumnName("unit");
        b.Property(s => s.DataType).HasColumnName("data_type");
    }
}
