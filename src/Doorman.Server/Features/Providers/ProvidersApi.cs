using Doorman.Server.Features.Tenants;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Doorman.Server.Features.Providers;

public static class ProvidersApi
{
    public static RouteGroupBuilder MapProvidersApi(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/providers", CreateAsync);
        tenant.MapGet("/providers", ListAsync);
        tenant.MapGet("/providers/{id:guid}", GetAsync);
        tenant.MapPut("/providers/{id:guid}", ReplaceAsync);
        tenant.MapDelete("/providers/{id:guid}", DeleteAsync);
        tenant.MapPost("/providers/{id:guid}/test", TestAsync);
        return tenant;
    }

    private static async Task<Results<Created<ProviderResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ProviderInput input, TenantContext context, ProviderService providers, HttpRequest request, CancellationToken cancellationToken,
        bool verify = false)
    {
        var saved = await providers.CreateAsync(context.Tenant, context.Caller.Actor, input, verify, request, cancellationToken);
        return saved switch
        {
            { Errors: { } errors } => Problems.Validation(errors),
            { Conflict: { } conflict } => Problems.Conflict(conflict.Code, conflict.Detail),
            _ => TypedResults.Created($"/api/tenants/{context.Tenant.Slug}/providers/{saved.Provider!.Id}",
                providers.Response(saved.Provider, request)),
        };
    }

    private static async Task<Ok<List<ProviderResponse>>> ListAsync(
        ProviderService providers, HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok((await providers.ListAsync(cancellationToken)).Select(p => providers.Response(p, request)).ToList());

    private static async Task<Results<Ok<ProviderResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ProviderService providers, HttpRequest request, CancellationToken cancellationToken) =>
        await providers.FindAsync(id, cancellationToken) is { } provider
            ? TypedResults.Ok(providers.Response(provider, request))
            : Problems.NotFound("provider");

    private static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        Guid id, ProviderInput input, TenantContext context, ProviderService providers, HttpRequest request,
        CancellationToken cancellationToken, bool verify = false)
    {
        if (await providers.FindAsync(id, cancellationToken) is not { } provider)
        {
            return Problems.NotFound("provider");
        }
        var saved = await providers.ReplaceAsync(context.Tenant, context.Caller.Actor, provider, input, verify, request, cancellationToken);
        return saved switch
        {
            { Errors: { } errors } => Problems.Validation(errors),
            { Conflict: { } conflict } => Problems.Conflict(conflict.Code, conflict.Detail),
            _ => TypedResults.Ok(providers.Response(saved.Provider!, request)),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, TenantContext context, ProviderService providers, CancellationToken cancellationToken)
    {
        if (await providers.FindAsync(id, cancellationToken) is not { } provider)
        {
            return Problems.NotFound("provider");
        }
        return await providers.DeleteAsync(context.Tenant, context.Caller.Actor, provider, cancellationToken) is { } conflict
            ? Problems.Conflict(conflict.Code, conflict.Detail)
            : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ProviderTestResponse>, ProblemHttpResult>> TestAsync(
        Guid id, TenantContext context, ProviderService providers, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await providers.FindAsync(id, cancellationToken) is not { } provider)
        {
            return Problems.NotFound("provider");
        }
        var result = await providers.TestAsync(context.Tenant, context.Caller.Actor, provider, request, cancellationToken);
        var e = result.Endpoints;
        return TypedResults.Ok(new ProviderTestResponse(result.Ok, result.Issuer,
            new EndpointsDto(e.Authorization, e.Token, e.Userinfo, e.Jwks, e.EndSession), [.. result.Problems]));
    }
}
