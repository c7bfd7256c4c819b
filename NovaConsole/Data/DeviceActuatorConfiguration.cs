using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Devices;

namespace NovaConsole.Data;

internal sealed class DeviceActuatorConfiguration : IEntityTypeConfiguration<DeviceActuator>
{
    public void Configure(EntityTypeBuilder<DeviceActuator> b)
    {
        b.ToTable("device_actuators");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).HasColumnName("id");
        b.Property(a => a.DeviceRef).HasColumnName("device_ref");
        b.Property(a => a.Position).HasColumnName("position");
        b.Property(a => a.Key).HasColumnName("key").UseCollation("NOCASE");
        b.HasIndex(a => new { a.DeviceRef, a.Key }).IsUnique();
        b.Property(a => a.Name).HasColumnName("name");
        b.Property(a => a.Type).HasColumnName("type");
        b.Property(a => a.Min).HasColumnName("min_value");
        b.Property(a => a.Max).HasColumnName("max_value");
        b.Property(a => a.OptionsJson).HasColumnName("options_json");
    }
}
