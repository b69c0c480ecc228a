using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Oidc.Metadata;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.Scim;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Providers;

/// <summary>A rule a save broke that only the database can tell: a scheme or domain already in use.</summary>
public sealed record ProviderConflict(string Code, string Detail);

/// <summary>The outcome of a save: the provider, or the field errors, or the conflict.</summary>
public sealed record ProviderSave(IdentityProvider? Provider, Dictionary<string, string[]>? Errors, ProviderConflict? Conflict);

/// <summary>
/// Creates, changes, deletes and tests a tenant's providers, with their audit records, for the admin API
/// and the admin pages alike. The database context must already be scoped to the tenant.
/// </summary>
public sealed class ProviderService(
    DoormanDbContext db, ProviderSecrets secrets, PublicUrls urls, AuditLog audit, ProviderProbe probe,
    ProviderSettingsFactory settings, ScimRoles scimRoles, TimeProvider time, ILogger<ProviderService> logger)
{
    /// <summary>The whole connection check is bounded, whatever the provider does.</summary>
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(12);

    public Task<IdentityProvider?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.IdentityProviders.Include(p => p.Domains).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

    public Task<List<IdentityProvider>> ListAsync(CancellationToken cancellationToken) =>
        db.IdentityProviders.AsNoTracking().Include(p => p.Domains).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);

    public ProviderResponse Response(IdentityProvider provider, HttpRequest request) =>
        ProviderMapper.ToResponse(provider, urls.RedirectUri(request, provider), urls.LoginUrl(request, provider));

    /// <param name="verify">
    /// Prove the connection before saving (discovery, issuer, keys, client credentials at the token endpoint); its
    /// problems come back as field errors and nothing is saved.
    /// </param>
    public async Task<ProviderSave> CreateAsync(
        Tenant tenant, string actor, ProviderInput input, bool verify, HttpRequest request, CancellationToken cancellationToken)
    {
        if (ProviderValidator.Validate(input, tenant, out var errors) is not { } valid)
        {
            return new ProviderSave(null, errors, null);
        }
        var provider = Candidate(tenant, Guid.NewGuid(), valid, storedSecret: null);
        if (await FindConflictAsync(valid, provider.Id, tenant, cancellationToken) is { } conflict)
        {
            return new ProviderSave(null, null, conflict);
        }
        if (verify && await VerifyAsync(provider, request, cancellationToken) is { } problems)
        {
            return new ProviderSave(null, problems, null);
        }
        db.IdentityProviders.Add(provider);
        audit.Record(tenant.Id, actor, "provider.created", Target(provider), AuditOutcome.Success,
            $"type {ProviderTypes.Name(provider.Type)}, status {ProviderMapper.StatusName(provider.Status)}" +
            (provider.ProtectedClientSecret is null ? "" : ", client secret set"));
        await db.SaveChangesAsync(cancellationToken);
        Log.ProviderChanged(logger, provider.Id, provider.Scheme, "created", provider.TenantId);
        return new ProviderSave(provider, null, null);
    }

    /// <summary>Replaces the provider's settings; an omitted secret keeps the stored one (DESIGN rule 5).</summary>
    public async Task<ProviderSave> ReplaceAsync(
        Tenant tenant, string actor, IdentityProvider provider, ProviderInput input, bool verify, HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (ProviderValidator.Validate(input, tenant, out var errors) is not { } valid)
        {
            return new ProviderSave(null, errors, null);
        }
        if (await FindConflictAsync(valid, provider.Id, tenant, cancellationToken) is { } conflict)
        {
            return new ProviderSave(null, null, conflict);
        }
        if (verify && await VerifyAsync(Candidate(tenant, provider.Id, valid, provider.ProtectedClientSecret), request, cancellationToken)
                is { } problems)
        {
            return new ProviderSave(null, problems, null);
        }

        var before = Response(provider, request);
        var mappingsBefore = provider.GroupRoleMappings.Select(m => (m.Group, m.Role)).ToList();
        ProviderMapper.Apply(valid, provider);
        var mappingsChanged = !provider.GroupRoleMappings.Select(m => (m.Group, m.Role)).SequenceEqual(mappingsBefore);
        var secretChanged = valid.ClientSecret is { } secret && secret != secrets.Reveal(provider);
        if (secretChanged)
        {
            provider.ProtectedClientSecret = secrets.Protect(provider.Id, valid.ClientSecret!);
        }
        var changes = ProviderChanges.Describe(before, Response(provider, request), secretChanged);
        if (changes.Count > 0)
        {
            provider.UpdatedAt = time.GetUtcNow().UtcDateTime;
            provider.Version++;
            audit.Record(tenant.Id, actor, "provider.updated", Target(provider), AuditOutcome.Success, string.Join("; ", changes));
            if (mappingsChanged)
            {
                // Members of the provider's SCIM groups get the roles the new mappings give them now, with the change.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await scimRoles.ApplyToProviderAsync(provider.Id, actor, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            else
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            Log.ProviderChanged(logger, provider.Id, provider.Scheme, "updated", provider.TenantId);
        }
        return new ProviderSave(provider, null, null);
    }

    /// <summary>What deleting would do: the linked sign-ins removed, and the accounts left with no way to sign in.</summary>
    public async Task<(int LinkedSignIns, List<string> Stranded)> DeleteImpactAsync(IdentityProvider provider, CancellationToken cancellationToken)
    {
        var linked = await db.ExternalLogins.CountAsync(l => l.ProviderId == provider.Id, cancellationToken);
        var stranded = await db.Accounts
            .Where(a => a.PasswordHash == null && a.ExternalLogins.Any(l => l.ProviderId == provider.Id) &&
                        a.ExternalLogins.All(l => l.ProviderId == provider.Id))
            .OrderBy(a => a.NormalizedEmail)
            .Select(a => a.Email)
            .ToListAsync(cancellationToken);
        return (linked, stranded);
    }

    /// <summary>Deletes the provider, unless SCIM tokens are linked to it (they must be revoked first): then the conflict.</summary>
    public async Task<ProviderConflict?> DeleteAsync(Tenant tenant, string actor, IdentityProvider provider, CancellationToken cancellationToken)
    {
        var tokens = await db.ScimTokens.Where(t => t.ProviderId == provider.Id).Select(t => t.Name).ToListAsync(cancellationToken);
        if (tokens.Count > 0)
        {
            return new ProviderConflict("provider.scim_tokens_linked",
                $"SCIM tokens are linked to this provider ({string.Join(", ", tokens)}): provisioning relies on its subjects. " +
                "Revoke them first (DELETE /api/tenants/{tenant}/scim-tokens/{id}).");
        }
        var linked = await db.ExternalLogins.CountAsync(l => l.ProviderId == provider.Id, cancellationToken);
        db.IdentityProviders.Remove(provider);
        audit.Record(tenant.Id, actor, "provider.deleted", Target(provider), AuditOutcome.Success,
            $"{linked} linked sign-in(s) removed; accounts kept");
        await db.SaveChangesAsync(cancellationToken);
        Log.ProviderChanged(logger, provider.Id, provider.Scheme, "deleted", provider.TenantId);
        return null;
    }

    /// <summary>
    /// Discovery, issuer, endpoints and keys as a sign-in would use them, then the client credentials at the token
    /// endpoint; the outcome is kept and audited.
    /// </summary>
    public async Task<ProbeResult> TestAsync(
        Tenant tenant, string actor, IdentityProvider provider, HttpRequest request, CancellationToken cancellationToken)
    {
        var (result, credentials) = await CheckConnectionAsync(provider, request, cancellationToken);
        if (credentials is not null)
        {
            result = result with { Problems = [credentials.Message] };
        }

        provider.LastTestedAt = time.GetUtcNow().UtcDateTime;
        provider.LastTestSucceeded = result.Ok;
        audit.Record(tenant.Id, actor, "provider.tested", Target(provider),
            result.Ok ? AuditOutcome.Success : AuditOutcome.Failure,
            result.Ok ? $"{result.SigningKeys.Count} signing key(s)" : string.Join(" ", result.Problems));
        await db.SaveChangesAsync(CancellationToken.None);
        Log.ProviderTested(logger, provider.Id, result.Ok ? AuditOutcome.Success : AuditOutcome.Failure, result.Problems.Count);
        return result;
    }

    /// <summary>The probe, then (when it found a token endpoint) the client credentials; bounded by <see cref="TestBudget"/>.</summary>
    private async Task<(ProbeResult Probe, CredentialProblem? Credentials)> CheckConnectionAsync(
        IdentityProvider provider, HttpRequest request, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TestBudget);
        try
        {
            var result = await probe.ProbeAsync(ProviderTypes.Locate(provider), budget.Token);
            var credentials = result.Ok && result.Endpoints.Token is { } tokenEndpoint
                ? await probe.CheckCredentialsAsync(tokenEndpoint, settings.Create(provider, request), budget.Token)
                : null;
            return (result, credentials);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (new ProbeResult(provider.Issuer, ProviderEndpoints.None,
                [$"The provider did not finish answering within {TestBudget.TotalSeconds:0} seconds."], []), null);
        }
    }

    /// <summary>
    /// The connection check before a save, its problems keyed by the field the admin most likely mistyped: the
    /// directory id, domain or issuer that located the discovery document; the client id or the secret.
    /// </summary>
    private async Task<Dictionary<string, string[]>?> VerifyAsync(IdentityProvider candidate, HttpRequest request, CancellationToken cancellationToken)
    {
        var (result, credentials) = await CheckConnectionAsync(candidate, request, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        if (!result.Ok)
        {
            errors[LocatorField(candidate)] = [.. result.Problems];
        }
        if (credentials is not null)
        {
            var field = credentials.Fault switch
            {
                CredentialFault.ClientId => "clientId",
                CredentialFault.ClientSecret => "clientSecret",
                _ => "_form",
            };
            errors[field] = [.. errors.GetValueOrDefault(field, []), credentials.Message];
        }
        return errors.Count == 0 ? null : errors;
    }

    /// <summary>The field that told Doorman where the provider is.</summary>
    private static string LocatorField(IdentityProvider provider) => provider switch
    {
        { Endpoints: { Authorization: not null, Token: not null, Jwks: not null } } => "_form",
        { Type: ProviderType.Entra, EntraTenantId: not null } => "entraTenantId",
        { Type: ProviderType.Okta, OktaDomain: not null } => "oktaDomain",
        { Type: ProviderType.Google } => "_form",
        { DiscoveryUrl: not null } => "discoveryUrl",
        _ => "issuer",
    };

    /// <summary>A provider as the valid input describes it, not tracked; the secret is the new one, else the stored one.</summary>
    private IdentityProvider Candidate(Tenant tenant, Guid id, ValidProvider valid, string? storedSecret)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var provider = new IdentityProvider
        {
            Id = id,
            TenantId = tenant.Id,
            DisplayName = valid.DisplayName,
            Scheme = valid.Scheme,
            ClientId = valid.ClientId,
            TokenEndpointAuthMethod = valid.TokenEndpointAuthMethod,
            Scopes = valid.Scopes,
            DefaultRole = valid.DefaultRole,
            CreatedAt = now,
            UpdatedAt = now,
        };
        ProviderMapper.Apply(valid, provider);
        provider.ProtectedClientSecret = valid.ClientSecret is { } secret ? secrets.Protect(id, secret) : storedSecret;
        return provider;
    }

    /// <summary>
    /// Scheme names one callback path platform-wide; a domain routes to one active provider platform-wide.
    /// Both checks look past the tenant filter on purpose, and name another tenant's provider only vaguely.
    /// </summary>
    private async Task<ProviderConflict?> FindConflictAsync(ValidProvider valid, Guid self, Tenant tenant, CancellationToken cancellationToken)
    {
        var scheme = ProviderMapper.NormalizeScheme(valid.Scheme);
        if (await db.IdentityProviders.IgnoreQueryFilters().AnyAsync(p => p.NormalizedScheme == scheme && p.Id != self, cancellationToken))
        {
            return new ProviderConflict("provider.scheme_taken",
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
        return new ProviderConflict("provider.domain_taken",
            $"The domain '{taken.Domain}' is already routed to {owner}. A domain routes to one active connection only; " +
            "remove it there first, or save this connection as a draft.");
    }

    private static string Target(IdentityProvider provider) => $"provider:{provider.Scheme}";
}
