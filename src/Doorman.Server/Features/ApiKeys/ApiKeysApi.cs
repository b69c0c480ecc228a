using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.Tenants;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.ApiKeys;

public sealed record CreateApiKeyRequest(string? Name);

/// <summary>The answer to a create: the only time the key itself is shown.</summary>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Key);

public sealed record ApiKeyResponse(Guid Id, string Name, string? Prefix, DateTime CreatedAt, DateTime? LastUsedAt);

public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/api-keys", CreateAsync);
        tenant.MapGet("/api-keys", ListAsync);
        tenant.MapDelete("/api-keys/{id:guid}", RevokeAsync);
        return tenant;
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem>> CreateAsync(
        CreateApiKeyRequest request, TenantContext context, DoormanDbContext db, AuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["name"] = ["name is required and at most 200 characters."] });
        }
        var key = ApiKeySecrets.NewKey();
        var entity = new ApiKey
        {
            Id = Guid.NewGuid(),
            TenantId = context.Tenant.Id,
            Name = request.Name.Trim(),
            KeyHash = ApiKeySecrets.Hash(key),
            Prefix = ApiKeySecrets.DisplayPrefix(key),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(entity);
        audit.Record(context.Tenant.Id, context.Caller.Actor, "apikey.created", $"apikey:{entity.Name}", AuditOutcome.Success);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/tenants/{context.Tenant.Slug}/api-keys/{entity.Id}",
            new CreatedApiKeyResponse(entity.Id, entity.Name, key));
    }

    private static async Task<Ok<List<ApiKeyResponse>>> ListAsync(
        TenantContext context, DoormanDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.ApiKeys.AsNoTracking()
            .Where(k => k.TenantId == context.Tenant.Id && k.RevokedAt == null)
            .OrderBy(k => k.CreatedAt)
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt))
            .ToListAsync(cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, TenantContext context, DoormanDbContext db, AuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(
            k => k.Id == id && k.TenantId == context.Tenant.Id && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            return Problems.NotFound("apikey");
        }
        key.RevokedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(context.Tenant.Id, context.Caller.Actor, "apikey.revoked", $"apikey:{key.Name}", AuditOutcome.Success);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
