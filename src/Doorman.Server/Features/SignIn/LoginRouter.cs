using Doorman.Data;
using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.SignIn;

/// <summary>
/// Email-first sign-in: decides where an email goes. A domain routed to a live provider goes there; else
/// an account's own SSO binding; else the password form. An email with accounts in several tenants gets
/// a tenant picker. An email nobody knows gets the same password form as one that exists, so the answer
/// does not tell whether an account exists.
/// </summary>
public sealed class LoginRouter(DoormanDbContext db)
{
    public abstract record Route;
    public sealed record ToProvider(IdentityProvider Provider) : Route;
    public sealed record ToPassword(Tenant? Tenant) : Route;
    public sealed record ToTenantPicker(IReadOnlyList<Tenant> Tenants) : Route;

    public async Task<Route> RouteAsync(string email, Tenant? tenant, CancellationToken cancellationToken)
    {
        var domain = EmailAddress.DomainOf(email);
        var routed = await db.ProviderDomains.IgnoreQueryFilters()
            .Where(d => d.Domain == domain)
            .Join(db.IdentityProviders.IgnoreQueryFilters().Include(p => p.Domains), d => d.ProviderId, p => p.Id, (d, p) => p)
            .Where(p => p.Enabled && p.Status == ProviderStatus.Active)
            .AsNoTracking()
            .FirstOrDefaultAsync(cancellationToken);
        if (routed is not null && (tenant is null || routed.TenantId == tenant.Id))
        {
            return new ToProvider(routed);
        }

        var normalized = EmailAddress.Normalize(email);
        var accounts = await db.Accounts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.NormalizedEmail == normalized && a.Status == AccountStatus.Active)
            .Where(a => tenant == null || a.TenantId == tenant.Id)
            .Include(a => a.ExternalLogins)
            .Take(20)
            .ToListAsync(cancellationToken);
        if (accounts.Count > 1)
        {
            var tenantIds = accounts.Select(a => a.TenantId).ToList();
            var tenants = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).OrderBy(t => t.Name).ToListAsync(cancellationToken);
            return new ToTenantPicker(tenants);
        }
        if (accounts.Count == 1)
        {
            var account = accounts[0];
            var boundIds = account.ExternalLogins.OrderByDescending(l => l.LastSignInAt).Select(l => l.ProviderId).ToList();
            var bound = await db.IdentityProviders.IgnoreQueryFilters().AsNoTracking().Include(p => p.Domains)
                .Where(p => boundIds.Contains(p.Id) && p.TenantId == account.TenantId && p.Enabled && p.Status == ProviderStatus.Active)
                .ToListAsync(cancellationToken);
            if (boundIds.Select(id => bound.FirstOrDefault(p => p.Id == id)).FirstOrDefault(p => p is not null) is { } provider)
            {
                return new ToProvider(provider);
            }
            tenant ??= await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == account.TenantId, cancellationToken);
        }
        return new ToPassword(tenant);
    }
}
