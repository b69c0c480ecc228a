using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Doorman.Data.Configurations;

internal sealed class IdentityProviderConfiguration : IEntityTypeConfiguration<IdentityProvider>
{
    public void Configure(EntityTypeBuilder<IdentityProvider> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.DisplayName).HasMaxLength(200);
        builder.Property(p => p.Scheme).HasMaxLength(64);
        builder.Property(p => p.NormalizedScheme).HasMaxLength(64);
        builder.HasIndex(p => p.NormalizedScheme).IsUnique();
        builder.Property(p => p.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Provisioning).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.TokenEndpointAuthMethod).HasMaxLength(32);
        builder.Property(p => p.ResponseMode).HasMaxLength(16);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.OwnsOne(p => p.Claims, claims => claims.ToJson());
        builder.OwnsOne(p => p.Endpoints, endpoints => endpoints.ToJson());
        builder.OwnsMany(p => p.GroupRoleMappings, mappings => mappings.ToJson());
        builder.HasMany(p => p.Domains).WithOne().HasForeignKey(d => d.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
