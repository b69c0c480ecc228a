using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Doorman.Data.Configurations;

internal sealed class ExternalLoginConfiguration : IEntityTypeConfiguration<ExternalLogin>
{
    public void Configure(EntityTypeBuilder<ExternalLogin> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Subject).HasMaxLength(255);
        // DESIGN rule 2: one subject of a provider is one account, and an account binds a provider once.
        builder.HasIndex(l => new { l.ProviderId, l.Subject }).IsUnique();
        builder.HasIndex(l => new { l.AccountId, l.ProviderId }).IsUnique();
        builder.HasOne<IdentityProvider>().WithMany().HasForeignKey(l => l.ProviderId).OnDelete(DeleteBehavior.Cascade);
    }
}
