using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Ota;

namespace NovaConsole.Data;

internal sealed class OtaPackageConfiguration : IEntityTypeConfiguration<OtaPackage>
{
    public void Configure(EntityTypeBuilder<OtaPackage> b)
    {
        b.ToTable("ota_packages");
        b.HasKey(p => p.Id);
        OtaColumns.SnakeCase(b);
    }
}

internal sealed class OtaCampaignConfiguration : IEntityTypeConfiguration<OtaCampaign>
{
    public void Configure(EntityTypeBuilder<OtaCampaign> b)
    {
        b.ToTable("ota_campaigns");
        b.HasKey(c => c.Id);
        OtaColumns.SnakeCase(b);
    }
}

internal sealed class OtaTaskConfiguration : IEntityTypeConfiguration<OtaTask>
{
    public void Configure(EntityTypeBuilder<OtaTask> b)
    {
        b.ToTable("ota_tasks");
        b.HasKey(t => t.Id);
        OtaColumns.SnakeCase(b);
        b.Property(t => t.DeviceId).UseCollation("NOCASE");
    }
}

internal sealed class OtaAttemptConfiguration : IEntityTypeConfiguration<OtaAttempt>
{
    public void Configure(EntityTypeBuilder<OtaAttempt> b)
    {
        b.ToTable("ota_attempts");
        b.HasKey(a => a.Id);
        OtaColumns.SnakeCase(b);
    }
}

internal sealed class OtaListenerConfiguration : IEntityTypeConfiguration<OtaListener>
{
    public void Configure(EntityTypeBuilder<OtaListener> b)
    {
        b.ToTable("ota_listeners");
        b.HasKey(l => l.DeviceId);
        OtaColumns.SnakeCase(b);
        b.Property(l => l.DeviceId).UseCollation("NOCASE");
    }
}

/// <summary>The OTA tables name every column as its property in snake_case (schema step 40).</summary>
internal static class OtaColumns
{
    public static void SnakeCase<T>(EntityTypeBuilder<T> b) where T : class
    {
        foreach (var property in typeof(T).GetProperties())
        {
            b.Property(property.Name).HasColumnName(Snake(property.Name));
        }
    }

    private static string Snake(string name)
    {
        var s = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) s.Append('_');
            s.Append(char.ToLowerInvariant(name[i]));
        }
        return s.ToString();
    }
}
