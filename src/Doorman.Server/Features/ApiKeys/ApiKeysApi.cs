using Doorman.Server.Features.Tenants;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

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
        CreateApiKeyRequest request, TenantContext context, ApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.CreateAsync(context.Tenant, context.Caller.Actor, request.Name, cancellationToken) is { } created
            ? TypedResults.Created($"/api/tenants/{context.Tenant.Slug}/api-keys/{created.Id}", created)
            : Problems.Validation(new Dictionary<string, string[]> { ["name"] = [ApiKeyService.NameError] });

    private static async Task<Ok<List<ApiKeyResponse>>> ListAsync(
        TenantContext context, ApiKeyService keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(context.Tenant, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, TenantContext context, ApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(context.Tenant, context.Caller.Actor, id, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound("apikey");
}
