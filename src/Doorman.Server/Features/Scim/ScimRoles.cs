using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.SignIn;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Scim;

/// <summary>
/// Roles from SCIM group membership: an account's SCIM groups of a provider (by display name and by external id)
/// go through that provider's group-to-role mappings exactly as its groups claim does at sign-in
/// (<see cref="RoleMapping.Apply"/>): mapped roles follow membership, other roles are left alone.
/// </summary>
public sealed class ScimRoles(DoormanDbContext db, AuditLog audit, TimeProvider time)
{
    private const int Batch = 500;

    /// <summary>
    /// Brings the roles of <paramref name="accountIds"/> in line with their membership as the database sees it now
    /// (call it inside the transaction that changed membership, after saving), and saves.
    /// </summary>
    public async Task ApplyAsync(Guid providerId, IReadOnlyCollection<Guid> accountIds, string actor, CancellationToken cancellationToken)
    {
        var provider = await db.IdentityProviders.AsNoTracking().SingleOrDefaultAsync(p => p.Id == providerId, cancellationToken);
        if (provider is null || provider.GroupRoleMappings.Count == 0 || accountIds.Count == 0)
        {
            return;
        }
        foreach (var chunk in accountIds.Distinct().Chunk(Batch))
        {
            var accounts = await db.Accounts.Where(a => chunk.Contains(a.Id)).ToListAsync(cancellationToken);
            var groups = (await db.ScimGroupMembers
                    .Where(m => chunk.Contains(m.AccountId))
                    .Join(db.ScimGroups.Where(g => g.ProviderId == providerId), m => m.GroupId, g => g.Id,
                        (m, g) => new { m.AccountId, g.DisplayName, g.ExternalId })
                    .ToListAsync(cancellationToken))
                .ToLookup(m => m.AccountId, m => (IEnumerable<string>)(m.ExternalId is null ? [m.DisplayName] : [m.DisplayName, m.ExternalId]));
            foreach (var account in accounts)
            {
                var names = groups[account.Id].SelectMany(n => n).ToList();
                if (RoleMapping.Apply(provider, names, groupsClaimMapped: true, account.Roles) is not { } roles)
                {
                    continue;
                }
                audit.Record(account.TenantId, actor, "account.roles_changed", $"account:{account.Email}", AuditOutcome.Success,
                    $"roles: {string.Join(", ", account.Roles)} → {string.Join(", ", roles)} (SCIM groups of {provider.Scheme})");
                account.Roles = roles;
                account.UpdatedAt = time.GetUtcNow().UtcDateTime;
            }
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Every member of the provider's SCIM groups, for when its mappings change.</summary>
    public async Task ApplyToProviderAsync(Guid providerId, string actor, CancellationToken cancellationToken)
    {
        var members = await db.ScimGroupMembers
            .Join(db.ScimGroups.Where(g => g.ProviderId == providerId), m => m.GroupId, g => g.Id, (m, _) => m.AccountId)
            .Distinct()
            .ToListAsync(cancellationToken);
        await ApplyAsync(providerId, members, actor, cancellationToken);
    }
}
