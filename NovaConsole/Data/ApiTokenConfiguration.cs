using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NovaConsole.Accounts;

namespace NovaConsole.Data;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).HasColumnName("id");
        b.Property(t => t.UserId).HasColumnName("user_id");
        b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(t => t.Name).HasColumnName("name");
        b.Property(t => t.TokenHash).HasColumnName("token_hash");
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.Property(t => t.DisplayPrefix).HasColumnName("display_prefix");
        b.Property(t => t.CreatedUtc).HasColumnName("created_utc");
        b.Property(t => t.LastUsedUtc).HasColumnName("last_used_utc");
        b.Property(t => t.RevokedUtc).HasColumnName("revoked_utc");
        b.Property(t => t.Scope).HasColumnName("scope");
        b.Property(t => t.ExpiresUtc).HasColumnName("expires_utc");
    }
}
