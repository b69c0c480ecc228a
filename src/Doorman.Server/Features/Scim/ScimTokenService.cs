using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.ApiKeys;
using Doorman.Server.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Scim;

/// <summary>
/// A tenant's SCIM tokens, for the admin API and the admin pages alike: created (shown once, SHA-256 at rest) linked
/// to one of its providers, listed, revoked. The database context must already be scoped to the tenant.
/// </summary>
public sealed class ScimTokenService(DoormanDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>The new token, or the field errors (<c>name</c>, <c>providerId</c>) and nothing saved.</summary>
    public async Task<(CreatedScimToken? Created, Dictionary<string, string[]> Errors)> CreateAsync(
        Tenant tenant, string actor, string? name, Guid? providerId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            errors["name"] = ["name is required and at most 200 characters."];
        }
        var provider = providerId is { } id
            ? await db.IdentityProviders.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
            : null;
        if (provider is null)
        {
            errors["providerId"] = ["providerId must name one of this tenant's identity providers: " +
                                    "a SCIM user's externalId is the subject that provider signs people in with."];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var token = "scim_" + ApiKeySecrets.NewKey()[3..];
        var entity = new ScimToken
        {
            Id = Guid.NewGuid(),
            TenantId = tenant.Id,
            ProviderId = provider!.Id,
            Name = name!.Trim(),
            TokenHash = ApiKeySecrets.Hash(token),
            Prefix = ApiKeySecrets.DisplayPrefix(token),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.ScimTokens.Add(entity);
        audit.Record(tenant.Id, actor, "scim_token.created", $"scim_token:{entity.Name}", AuditOutcome.Success,
            $"linked to provider:{provider.Scheme}");
        await db.SaveChangesAsync(cancellationToken);
        return (new CreatedScimToken(entity, token), errors);
    }

    public Task<List<ScimTokenResponse>> ListAsync(CancellationToken cancellationToken) =>
        db.ScimTokens.AsNoTracking().OrderBy(t => t.CreatedAt)
            .Select(t => new ScimTokenResponse(t.Id, t.Name, t.ProviderId, t.Prefix, t.CreatedAt, t.LastUsedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Deletes the token (it stops working at once); false when the tenant has no such token.</summary>
    public async Task<bool> RevokeAsync(Tenant tenant, string actor, Guid id, CancellationToken cancellationToken)
    {
        if (await db.ScimTokens.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } token)
        {
            return false;
        }
        db.ScimTokens.Remove(token);
        audit.Record(tenant.Id, actor, "scim_token.revoked", $"scim_token:{token.Name}", AuditOutcome.Success);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}

public sealed record CreatedScimToken(ScimToken Entity, string Token);
