using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Doorman.Data.Configurations;

internal sealed class ScimTokenConfiguration : IEntityTypeConfiguration<ScimToken>
{
    public void Configure(EntityTypeBuilder<ScimToken> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.Property(t => t.Prefix).HasMaxLength(16);
        // A provider with linked SCIM tokens can't be deleted: unlink (revoke) them first.
        builder.HasOne<IdentityProvider>().WithMany().HasForeignKey(t => t.ProviderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScimGroupConfiguration : IEntityTypeConfiguration<ScimGroup>
{
    public void Configure(EntityTypeBuilder<ScimGroup> builder)
    {
        builder.HasKey(g => g.Id);
        builder.Property(g => g.DisplayName).HasMaxLength(256);
        builder.Property(g => g.NormalizedDisplayName).HasMaxLength(256);
        builder.HasIndex(g => new { g.TenantId, g.NormalizedDisplayName }).IsUnique();
        builder.Property(g => g.ExternalId).HasMaxLength(256);
        builder.HasIndex(g => new { g.TenantId, g.ExternalId });
        // The group's roles come from its provider's mappings: a deleted provider takes its groups along.
        builder.HasOne<IdentityProvider>().WithMany().HasForeignKey(g => g.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(g => g.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScimGroupMemberConfiguration : IEntityTypeConfiguration<ScimGroupMember>
{
    public void Configure(EntityTypeBuilder<ScimGroupMember> builder)
    {
        builder.HasKey(m => new { m.GroupId, m.AccountId });
        builder.HasIndex(m => m.AccountId);
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
