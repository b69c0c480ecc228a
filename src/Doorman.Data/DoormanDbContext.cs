using System.Linq.Expressions;
using Doorman.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Doorman.Data;

public sealed class DoormanDbContext(DbContextOptions<DoormanDbContext> options)
    : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>
    /// The tenant whose rows this context may see. Tenant-owned sets are filtered to it; the default
    /// (empty) sees none, so forgetting to set it fails closed. Cross-tenant reads say so with
    /// <c>IgnoreQueryFilters()</c>.
    /// </summary>
    public Guid TenantScope { get; set; }

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<ExternalLogin> ExternalLogins => Set<ExternalLogin>();
    public DbSet<IdentityProvider> IdentityProviders => Set<IdentityProvider>();
    public DbSet<ProviderDomain> ProviderDomains => Set<ProviderDomain>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<SsoFlow> SsoFlows => Set<SsoFlow>();
    public DbSet<OutboundMail> OutboundMail => Set<OutboundMail>();
    public DbSet<SentNotice> SentNotices => Set<SentNotice>();
    public DbSet<Lease> Leases => Set<Lease>();
    public DbSet<ConfirmationCode> ConfirmationCodes => Set<ConfirmationCode>();
    public DbSet<ScimToken> ScimTokens => Set<ScimToken>();
    public DbSet<ScimGroup> ScimGroups => Set<ScimGroup>();
    public DbSet<ScimGroupMember> ScimGroupMembers => Set<ScimGroupMember>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DoormanDbContext).Assembly);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entity.ClrType) && !entity.IsOwned())
            {
                modelBuilder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back without a kind; every stored time is UTC, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    private LambdaExpression TenantFilter(Type entityType)
    {
        var entity = Expression.Parameter(entityType, "e");
        var tenantId = Expression.Property(entity, nameof(ITenantOwned.TenantId));
        var scope = Expression.Property(Expression.Constant(this), nameof(TenantScope));
        return Expression.Lambda(Expression.Equal(tenantId, scope), entity);
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
