using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Doorman.Data.Configurations;

internal sealed class ProviderDomainConfiguration : IEntityTypeConfiguration<ProviderDomain>
{
    public void Configure(EntityTypeBuilder<ProviderDomain> builder)
    {
        builder.HasKey(d => new { d.ProviderId, d.Domain });
        builder.Property(d => d.Domain).HasMaxLength(253);
        // Routing looks a domain up across the platform.
        builder.HasIndex(d => d.Domain);
    }
}
