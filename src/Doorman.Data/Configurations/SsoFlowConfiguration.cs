using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Doorman.Data.Configurations;

internal sealed class SsoFlowConfiguration : IEntityTypeConfiguration<SsoFlow>
{
    public void Configure(EntityTypeBuilder<SsoFlow> builder)
    {
        builder.HasKey(f => f.Id);
        builder.Property(f => f.StateHash).HasMaxLength(64);
        builder.Property(f => f.BrowserHash).HasMaxLength(64);
        builder.Property(f => f.Nonce).HasMaxLength(128);
        builder.Property(f => f.CodeVerifier).HasMaxLength(128);
        builder.Property(f => f.ReturnUrl).HasMaxLength(2048);
        builder.HasIndex(f => f.StateHash).IsUnique();
        builder.HasIndex(f => f.ExpiresAt);
        builder.HasOne<IdentityProvider>().WithMany().HasForeignKey(f => f.ProviderId).OnDelete(DeleteBehavior.Cascade);
    }
}
