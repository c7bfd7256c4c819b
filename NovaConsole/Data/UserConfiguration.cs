using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Accounts;

namespace NovaConsole.Data;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.HasKey(u => u.Id);
        b.Property(u => u.Id).HasColumnName("id");
        b.Property(u => u.Username).HasColumnName("username").UseCollation("NOCASE");
        b.HasIndex(u => u.Username).IsUnique();
        b.Property(u => u.PasswordHash).HasColumnName("password_hash");
        b.Property(u => u.Role).HasColumnName("role");
        b.Property(u => u.IsActive).HasColumnName("is_active");
        b.Property(u => u.FailedLoginCount).HasColumnName("failed_login_count");
        b.Property(u => u.LockoutEndUtc).HasColumnName("lockout_end_utc");
        b.Property(u => u.SecurityStamp).HasColumnName("security_stamp");
        b.Property(u => u.CreatedUtc).HasColumnName("created_utc");
        b.Property(u => u.LastLoginUtc).HasColumnName("last_login_utc");
    }
}
