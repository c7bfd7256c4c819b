using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Accounts;

namespace NovaConsole.Data;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("user_sessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).HasColumnName("id");
        b.Property(s => s.UserId).HasColumnName("user_id");
        b.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.SessionHash).HasColumnName("session_hash");
        b.HasIndex(s => s.SessionHash).IsUnique();
        b.Property(s => s.CreatedUtc).HasColumnName("created_utc");
        b.Property(s => s.LastSeenUtc).HasColumnName("last_seen_utc");
    }
}
