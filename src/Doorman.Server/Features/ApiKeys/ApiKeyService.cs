using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.ApiKeys;

/// <summary>A tenant's API keys, for the admin API and the admin pages alike: created (shown once), listed, revoked.</summary>
public sealed class ApiKeyService(DoormanDbContext db, AuditLog audit, TimeProvider time)
{
    public const string NameError = "name is required and at most 200 characters.";

    /// <summary>The new key and its record, or null when the name is not acceptable.</summary>
    public async Task<CreatedApiKeyResponse?> CreateAsync(Tenant tenant, string actor, string? name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            return null;
        }
        var key = ApiKeySecrets.NewKey();
        var entity = new ApiKey
        {
            Id = Guid.NewGuid(),
            TenantId = tenant.Id,
            Name = name.Trim(),
            KeyHash = ApiKeySecrets.Hash(key),
            Prefix = ApiKeySecrets.DisplayPrefix(key),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(entity);
        audit.Record(tenant.Id, actor, "apikey.created", $"apikey:{entity.Name}", AuditOutcome.Success);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKeyResponse(entity.Id, entity.Name, key);
    }

    public Task<List<ApiKeyResponse>> ListAsync(Tenant tenant, CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking()
            .Where(k => k.TenantId == tenant.Id && k.RevokedAt == null)
            .OrderBy(k => k.CreatedAt)
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt))
            .ToListAsync(cancellationToken);

    public async Task<bool> RevokeAsync(Tenant tenant, string actor, Guid id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && k.TenantId == tenant.Id && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            return false;
        }
        key.RevokedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(tenant.Id, actor, "apikey.revoked", $"apikey:{key.Name}", AuditOutcome.Success);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
