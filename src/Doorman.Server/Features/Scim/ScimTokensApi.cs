using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.ApiKeys;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.Tenants;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Scim;

public sealed record CreateScimTokenRequest(string? Name, Guid? ProviderId);

public sealed record ScimTokenResponse(Guid Id, string Name, Guid ProviderId, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt);

public sealed record CreatedScimTokenResponse(Guid Id, string Name, Guid ProviderId, string Token, string ScimBaseUrl);

/// <summary>A tenant's SCIM tokens: created (shown once) linked to one of its providers, listed, revoked.</summary>
public static class ScimTokensApi
{
    public static RouteGroupBuilder MapScimTokensApi(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/scim-tokens", CreateAsync);
        tenant.MapGet("/scim-tokens", ListAsync);
        tenant.MapDelete("/scim-tokens/{id:guid}", RevokeAsync);
        return tenant;
    }

    private static async Task<Results<Created<CreatedScimTokenResponse>, ValidationProblem>> CreateAsync(
        CreateScimTokenRequest request, TenantContext context, DoormanDbContext db, AuditLog audit, TimeProvider time,
        Providers.PublicUrls urls, HttpRequest http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            errors["name"] = ["name is required and at most 200 characters."];
        }
        var provider = request.ProviderId is { } providerId
            ? await db.IdentityProviders.AsNoTracking().SingleOrDefaultAsync(p => p.Id == providerId, cancellationToken)
            : null;
        if (provider is null)
        {
            errors["providerId"] = ["providerId must name one of this tenant's identity providers: a SCIM user's externalId is the subject that provider signs people in with."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var token = "scim_" + ApiKeySecrets.NewKey()[3..];
        var entity = new ScimToken
        {
            Id = Guid.NewGuid(),
            TenantId = context.Tenant.Id,
            ProviderId = provider!.Id,
            Name = request.Name!.Trim(),
            TokenHash = ApiKeySecrets.Hash(token),
            Prefix = ApiKeySecrets.DisplayPrefix(token),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.ScimTokens.Add(entity);
        audit.Record(context.Tenant.Id, context.Caller.Actor, "scim_token.created", $"scim_token:{entity.Name}", AuditOutcome.Success,
            $"linked to provider:{provider.Scheme}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/tenants/{context.Tenant.Slug}/scim-tokens/{entity.Id}",
            new CreatedScimTokenResponse(entity.Id, entity.Name, entity.ProviderId, token, $"{urls.Origin(http)}/scim/v2/{context.Tenant.Slug}"));
    }

    private static async Task<Ok<List<ScimTokenResponse>>> ListAsync(DoormanDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.ScimTokens.AsNoTracking().OrderBy(t => t.CreatedAt)
            .Select(t => new ScimTokenResponse(t.Id, t.Name, t.ProviderId, t.Prefix, t.CreatedAt, t.LastUsedAt))
            .ToListAsync(cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, TenantContext context, DoormanDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        if (await db.ScimTokens.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } token)
        {
            return Problems.NotFound("scim_token");
        }
        db.ScimTokens.Remove(token);
        audit.Record(context.Tenant.Id, context.Caller.Actor, "scim_token.revoked", $"scim_token:{token.Name}", AuditOutcome.Success);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
