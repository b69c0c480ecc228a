using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Doorman.Data.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Email).HasMaxLength(320);
        builder.Property(a => a.NormalizedEmail).HasMaxLength(320);
        builder.HasIndex(a => new { a.TenantId, a.NormalizedEmail }).IsUnique();
        // Sign-in by email looks across tenants (tenant picker).
        builder.HasIndex(a => a.NormalizedEmail);
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.ProtectedTotpSecret).HasMaxLength(1024);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.ScimUserName).HasMaxLength(320);
        builder.Property(a => a.NormalizedScimUserName).HasMaxLength(320);
        builder.HasIndex(a => new { a.TenantId, a.NormalizedScimUserName }).IsUnique();
        builder.Property(a => a.ScimExternalId).HasMaxLength(256);
        builder.HasIndex(a => new { a.TenantId, a.ScimExternalId });
        builder.Property(a => a.ScimAttributes).HasMaxLength(16000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.ExternalLogins).WithOne().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
