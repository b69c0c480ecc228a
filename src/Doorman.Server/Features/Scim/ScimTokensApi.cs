using Doorman.Data.Entities;
using Doorman.Server.Features.Tenants;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

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
        CreateScimTokenRequest request, TenantContext context, ScimTokenService tokens, Providers.PublicUrls urls, HttpRequest http,
        CancellationToken cancellationToken)
    {
        var (created, errors) = await tokens.CreateAsync(context.Tenant, context.Caller.Actor, request.Name, request.ProviderId, cancellationToken);
        if (created is not { Entity: var entity })
        {
            return Problems.Validation(errors);
        }
        return TypedResults.Created($"/api/tenants/{context.Tenant.Slug}/scim-tokens/{entity.Id}",
            new CreatedScimTokenResponse(entity.Id, entity.Name, entity.ProviderId, created.Token, ScimBaseUrl(urls, http, context.Tenant)));
    }

    /// <summary>Where the tenant's SCIM service answers, for the provider's provisioning settings.</summary>
    public static string ScimBaseUrl(Providers.PublicUrls urls, HttpRequest http, Tenant tenant) => $"{urls.Origin(http)}/scim/v2/{tenant.Slug}";

    private static async Task<Ok<List<ScimTokenResponse>>> ListAsync(ScimTokenService tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tokens.ListAsync(cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, TenantContext context, ScimTokenService tokens, CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(context.Tenant, context.Caller.Actor, id, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound("scim_token");
}
