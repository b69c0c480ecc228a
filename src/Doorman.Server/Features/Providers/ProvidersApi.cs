using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Oidc.Metadata;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.Tenants;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Providers;

public static class ProvidersApi
{
    /// <summary>The whole connection check is bounded, whatever the provider does.</summary>
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(12);

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
        ProviderInput input, TenantContext context, DoormanDbContext db, ProviderSecrets secrets, PublicUrls urls,
        AuditLog audit, TimeProvider time, HttpRequest request, ILogger<IdentityProvider> logger, CancellationToken cancellationToken)
    {
        if (ProviderValidator.Validate(input, context.Tenant, out var errors) is not { } valid)
        {
            return Problems.Validation(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var provider = new IdentityProvider
        {
            Id = Guid.NewGuid(),
            TenantId = context.Tenant.Id,
            DisplayName = valid.DisplayName,
            Scheme = valid.Scheme,
            ClientId = valid.ClientId,
            TokenEndpointAuthMethod = valid.TokenEndpointAuthMethod,
            Scopes = valid.Scopes,
            DefaultRole = valid.DefaultRole,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (await FindConflictAsync(db, valid, provider.Id, context.Tenant, cancellationToken) is { } conflict)
        {
            return conflict;
        }
        ProviderMapper.Apply(valid, provider);
        if (valid.ClientSecret is { } secret)
        {
            provider.ProtectedClientSecret = secrets.Protect(provider.Id, secret);
        }
        db.IdentityProviders.Add(provider);
        audit.Record(context.Tenant.Id, context.Caller.Actor, "provider.created", Target(provider), AuditOutcome.Success,
            $"type {ProviderTypes.Name(provider.Type)}, status {ProviderMapper.StatusName(provider.Status)}" +
            (provider.ProtectedClientSecret is null ? "" : ", client secret set"));
        await db.SaveChangesAsync(cancellationToken);
        Log.ProviderChanged(logger, provider.Id, provider.Scheme, "created", provider.TenantId);
        var response = Response(provider, urls, request);
        return TypedResults.Created($"/api/tenants/{context.Tenant.Slug}/providers/{provider.Id}", response);
    }

    private static async Task<Ok<List<ProviderResponse>>> ListAsync(
        DoormanDbContext db, PublicUrls urls, HttpRequest request, CancellationToken cancellationToken)
    {
        var providers = await db.IdentityProviders.AsNoTracking().Include(p => p.Domains)
            .OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(providers.Select(p => Response(p, urls, request)).ToList());
    }

    private static async Task<Results<Ok<ProviderResponse>, ProblemHttpResult>> GetAsync(
        Guid id, DoormanDbContext db, PublicUrls urls, HttpRequest request, CancellationToken cancellationToken) =>
        await FindAsync(db, id, cancellationToken) is { } provider
            ? TypedResults.Ok(Response(provider, urls, request))
            : Problems.NotFound("provider");

    private static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        Guid id, ProviderInput input, TenantContext context, DoormanDbContext db, ProviderSecrets secrets,
        PublicUrls urls, AuditLog audit, TimeProvider time, HttpRequest request, ILogger<IdentityProvider> logger,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(db, id, cancellationToken) is not { } provider)
        {
            return Problems.NotFound("provider");
        }
        if (ProviderValidator.Validate(input, context.Tenant, out var errors) is not { } valid)
        {
            return Problems.Validation(errors);
        }
        if (await FindConflictAsync(db, valid, provider.Id, context.Tenant, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var before = Response(provider, urls, request);
        ProviderMapper.Apply(valid, provider);
        var secretChanged = valid.ClientSecret is { } secret && secret != secrets.Reveal(provider);
        if (secretChanged)
        {
            provider.ProtectedClientSecret = secrets.Protect(provider.Id, valid.ClientSecret!);
        }
        var changes = ProviderChanges.Describe(before, Response(provider, urls, request), secretChanged);
        if (changes.Count > 0)
        {
            provider.UpdatedAt = time.GetUtcNow().UtcDateTime;
            provider.Version++;
            audit.Record(context.Tenant.Id, context.Caller.Actor, "provider.updated", Target(provider), AuditOutcome.Success,
                string.Join("; ", changes));
            await db.SaveChangesAsync(cancellationToken);
            Log.ProviderChanged(logger, provider.Id, provider.Scheme, "updated", provider.TenantId);
        }
        return TypedResults.Ok(Response(provider, urls, request));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, TenantContext context, DoormanDbContext db, AuditLog audit, ILogger<IdentityProvider> logger,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(db, id, cancellationToken) is not { } provider)
        {
            return Problems.NotFound("provider");
        }
        var linked = await db.ExternalLogins.CountAsync(l => l.ProviderId == id, cancellationToken);
        db.IdentityProviders.Remove(provider);
        audit.Record(context.Tenant.Id, context.Caller.Actor, "provider.deleted", Target(provider), AuditOutcome.Success,
            $"{linked} linked sign-in(s) removed; accounts kept");
        await db.SaveChangesAsync(cancellationToken);
        Log.ProviderChanged(logger, provider.Id, provider.Scheme, "deleted", provider.TenantId);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ProviderTestResponse>, ProblemHttpResult>> TestAsync(
        Guid id, TenantContext context, DoormanDbContext db, ProviderProbe probe, AuditLog audit, TimeProvider time,
        ILogger<ProviderProbe> logger, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, id, cancellationToken) is not { } provider)
        {
            return Problems.NotFound("provider");
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TestBudget);
        ProbeResult result;
        try
        {
            result = await probe.ProbeAsync(ProviderTypes.Locate(provider), budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = new ProbeResult(provider.Issuer, ProviderEndpoints.None,
                [$"The provider did not finish answering within {TestBudget.TotalSeconds:0} seconds."], []);
        }

        provider.LastTestedAt = time.GetUtcNow().UtcDateTime;
        provider.LastTestSucceeded = result.Ok;
        audit.Record(context.Tenant.Id, context.Caller.Actor, "provider.tested", Target(provider),
            result.Ok ? AuditOutcome.Success : AuditOutcome.Failure,
            result.Ok ? $"{result.SigningKeys.Count} signing key(s)" : string.Join(" ", result.Problems));
        await db.SaveChangesAsync(CancellationToken.None);
        Log.ProviderTested(logger, provider.Id, result.Ok ? AuditOutcome.Success : AuditOutcome.Failure, result.Problems.Count);

        var e = result.Endpoints;
        return TypedResults.Ok(new ProviderTestResponse(result.Ok, result.Issuer,
            new EndpointsDto(e.Authorization, e.Token, e.Userinfo, e.Jwks, e.EndSession), [.. result.Problems]));
    }

    private static Task<IdentityProvider?> FindAsync(DoormanDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.IdentityProviders.Include(p => p.Domains).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

    /// <summary>
    /// Scheme names one callback path platform-wide; a domain routes to one active provider platform-wide.
    /// Both checks look past the tenant filter on purpose, and name another tenant's provider only vaguely.
    /// </summary>
    private static async Task<ProblemHttpResult?> FindConflictAsync(
        DoormanDbContext db, ValidProvider valid, Guid self, Tenant tenant, CancellationToken cancellationToken)
    {
        var scheme = ProviderMapper.NormalizeScheme(valid.Scheme);
        if (await db.IdentityProviders.IgnoreQueryFilters().AnyAsync(p => p.NormalizedScheme == scheme && p.Id != self, cancellationToken))
        {
            return Problems.Conflict("provider.scheme_taken",
                $"The scheme '{valid.Scheme}' is already used by another connection; schemes are unique across the platform " +
                "(ignoring case). Choose another.");
        }
        if (valid.Status != ProviderStatus.Active || valid.Domains.Count == 0)
        {
            return null;
        }
        var taken = await db.ProviderDomains.IgnoreQueryFilters()
            .Where(d => valid.Domains.Contains(d.Domain) && d.ProviderId != self)
            .Join(db.IdentityProviders.IgnoreQueryFilters().Where(p => p.Status == ProviderStatus.Active),
                d => d.ProviderId, p => p.Id, (d, p) => new { d.Domain, p.DisplayName, p.TenantId })
            .FirstOrDefaultAsync(cancellationToken);
        if (taken is null)
        {
            return null;
        }
        var owner = taken.TenantId == tenant.Id ? $"this tenant's connection '{taken.DisplayName}'" : "another organization";
        return Problems.Conflict("provider.domain_taken",
            $"The domain '{taken.Domain}' is already routed to {owner}. A domain routes to one active connection only; " +
            "remove it there first, or save this connection as a draft.");
    }

    private static string Target(IdentityProvider provider) => $"provider:{provider.Scheme}";

    private static ProviderResponse Response(IdentityProvider provider, PublicUrls urls, HttpRequest request) =>
        ProviderMapper.ToResponse(provider, urls.RedirectUri(request, provider), urls.LoginUrl(request, provider));
}
