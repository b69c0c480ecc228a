using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Oidc.SignIn;
using Doorman.Server.Features.Accounts;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.SignIn;

/// <summary>
/// Signs a person in through their tenant's provider. The callback runs, in order: ResolveProvider,
/// ResolveFlow (one-time, bound to this browser), the engine's protocol checks (RelyingParty), then
/// ResolveAccount, ApplyRoles and IssueSession. Every outcome is audited under the provider's tenant.
/// </summary>
public sealed class SsoSignIn(
    DoormanDbContext db,
    RelyingParty relyingParty,
    ProviderSettingsFactory settings,
    SignInFlows flows,
    AccountResolver accounts,
    AuditLog audit,
    SignInCompletion completion,
    Notices.AdminNotices notices,
    TimeProvider time,
    ILogger<SsoSignIn> logger)
{
    public sealed record Outcome(string? RedirectTo, SignInError? Error, TestSignInResult? Test = null);

    /// <summary>Starts a sign-in: stores the flow and answers where to send the browser.</summary>
    public Task<Outcome> StartAsync(
        HttpContext http, IdentityProvider provider, string? returnUrl, string? loginHint, CancellationToken cancellationToken) =>
        StartAsync(http, provider, returnUrl, loginHint, linkAccountId: null, testBy: null, cancellationToken);

    /// <summary>Starts linking another provider to the signed-in account: the callback binds, it signs no one in.</summary>
    public Task<Outcome> StartLinkAsync(HttpContext http, IdentityProvider provider, Account account, CancellationToken cancellationToken) =>
        StartAsync(http, provider, "/account?linked=true", account.Email, account.Id, testBy: null, cancellationToken);

    /// <summary>"Test sign-in" by a tenant admin, drafts and disabled providers included: shows the outcome, changes nothing.</summary>
    public Task<Outcome> StartTestAsync(HttpContext http, IdentityProvider provider, Account admin, CancellationToken cancellationToken) =>
        StartAsync(http, provider, $"/admin/providers/{provider.Id}", null, linkAccountId: null, admin.Id, cancellationToken);

    private async Task<Outcome> StartAsync(
        HttpContext http, IdentityProvider provider, string? returnUrl, string? loginHint, Guid? linkAccountId, Guid? testBy,
        CancellationToken cancellationToken)
    {
        if (testBy is null && Unavailable(provider) is { } unavailable)
        {
            return await FailAsync(provider, null, unavailable, cancellationToken);
        }
        var started = await relyingParty.StartAsync(settings.Create(provider, http.Request), loginHint, cancellationToken);
        if (!started.Succeeded)
        {
            return await FailAsync(provider, null, started.Error, cancellationToken);
        }
        await flows.SaveAsync(http, provider, started.Start, ReturnUrls.Local(returnUrl), linkAccountId, testBy, cancellationToken);
        Log.SignInStarted(logger, provider.Id);
        return new Outcome(started.Start.Url, null);
    }

    /// <summary>Completes the callback at <c>/signin-{scheme}</c> with the query or form the provider sent.</summary>
    public async Task<Outcome> CompleteAsync(
        HttpContext http, string scheme, IReadOnlyDictionary<string, string> response, CancellationToken cancellationToken)
    {
        var provider = await FindBySchemeAsync(scheme, cancellationToken);
        if (provider is null)
        {
            var notFound = SignInFailures.ProviderNotFound($"No connection answers at /signin-{scheme}.");
            Log.SignInFailed(logger, null, notFound.Code, notFound.Reason);
            return new Outcome(null, notFound);
        }

        var (flow, stateError) = await flows.ConsumeAsync(http, response.GetValueOrDefault("state"), provider, cancellationToken);
        if (flow is null)
        {
            return await FailAsync(provider, null, stateError!, cancellationToken);
        }
        if (flow.TestByAccountId is null && Unavailable(provider) is { } unavailable)
        {
            return await FailAsync(provider, null, unavailable, cancellationToken);
        }

        var result = await relyingParty.CompleteAsync(
            settings.Create(provider, http.Request), response, flow.Nonce, flow.CodeVerifier, cancellationToken);
        if (!result.Succeeded)
        {
            return await FailAsync(provider, null, result.Error, cancellationToken);
        }
        var identity = result.Identity;
        if (flow.LinkAccountId is { } linkAccountId)
        {
            return await LinkAsync(http, provider, identity, linkAccountId, flow.ReturnUrl, cancellationToken);
        }
        if (flow.TestByAccountId is { } adminId)
        {
            return await PreviewAsync(http, provider, identity, adminId, flow.ReturnUrl, cancellationToken);
        }

        var tenant = await db.Tenants.SingleAsync(t => t.Id == provider.TenantId, cancellationToken);
        Account? account = null;
        for (var attempt = 1; account is null; attempt++)
        {
            try
            {
                var (resolved, accountError) = await ResolveAndSaveAsync(tenant, provider, identity, cancellationToken);
                if (resolved is null)
                {
                    return await FailAsync(provider, identity, accountError!, cancellationToken);
                }
                account = resolved;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // The same person's first sign-in, twice at once: the other request created the binding or
                // the account first (unique indexes). Resolve again, now by subject.
                db.ChangeTracker.Clear();
            }
        }

        var next = await completion.FinishAsync(http, account, tenant, Sessions.MethodSso, provider, identity.IdToken, flow.ReturnUrl);
        Log.SignInSucceeded(logger, provider.Id, account.Id);
        return new Outcome(next, null);
    }

    /// <summary>
    /// Binds the verified identity to the signed-in account that asked for it, in the same browser session.
    /// The identity must not belong to anyone else, and the account must not have another identity at this provider.
    /// </summary>
    private async Task<Outcome> LinkAsync(
        HttpContext http, IdentityProvider provider, ExternalIdentity identity, Guid accountId, string returnUrl,
        CancellationToken cancellationToken)
    {
        if (await StarterAsync(http, accountId, provider, cancellationToken) is not { } current)
        {
            return await FailAsync(provider, identity, SignInError.StateInvalid("The link was started in another session."), cancellationToken);
        }
        db.TenantScope = provider.TenantId;
        var bound = await db.ExternalLogins.SingleOrDefaultAsync(
            l => l.ProviderId == provider.Id && (l.Subject == identity.Subject || l.AccountId == accountId), cancellationToken);
        if (bound is not null && !(bound.AccountId == accountId && bound.Subject == identity.Subject))
        {
            return await FailAsync(provider, identity, bound.AccountId == accountId
                ? SignInFailures.AccountLinkRefused("The account is already linked to another identity at this provider; remove that link first.")
                : SignInFailures.IdentityInUse("This identity already signs in to another account."), cancellationToken);
        }
        if (bound is null)
        {
            db.ExternalLogins.Add(AccountResolver.NewLogin(current, provider, identity, time.GetUtcNow().UtcDateTime));
            audit.Record(provider.TenantId, $"account:{current.Email}", "account.linked", $"account:{current.Email}",
                AuditOutcome.Success, $"bound to provider {provider.Scheme} from the profile");
            await db.SaveChangesAsync(cancellationToken);
        }
        return new Outcome(returnUrl, null);
    }

    /// <summary>
    /// The admin's test: the real account resolution and role mapping run, then every change they staged is
    /// dropped, so the outcome is exactly what a real sign-in would do, and nothing changes.
    /// </summary>
    private async Task<Outcome> PreviewAsync(
        HttpContext http, IdentityProvider provider, ExternalIdentity identity, Guid adminId, string returnUrl,
        CancellationToken cancellationToken)
    {
        if (await StarterAsync(http, adminId, provider, cancellationToken) is not { } admin)
        {
            return await FailAsync(provider, identity, SignInError.StateInvalid("The test was started in another session."), cancellationToken);
        }
        var tenant = await db.Tenants.SingleAsync(t => t.Id == provider.TenantId, cancellationToken);
        var (account, error) = await accounts.ResolveAsync(tenant, provider, identity, cancellationToken);
        string verdict;
        IReadOnlyList<string>? roles = null;
        if (account is null)
        {
            verdict = $"Would be refused: {error!.Code} ({error.Reason})";
        }
        else
        {
            var created = db.Entry(account).State == EntityState.Added;
            var linked = db.ChangeTracker.Entries<ExternalLogin>().Any(e => e.State == EntityState.Added);
            verdict = created ? $"A new account would be created for {account.Email}"
                : linked ? $"Would be linked to the existing account {account.Email} by its email"
                : $"Would sign in to the existing account {account.Email}";
            roles = RoleMapping.Apply(provider, identity.Groups, provider.Claims.Groups is not null, account.Roles) ?? account.Roles;
        }
        db.ChangeTracker.Clear();
        audit.Record(provider.TenantId, $"account:{admin.Email}", "provider.test_signin", $"provider:{provider.Scheme}",
            account is null ? AuditOutcome.Failure : AuditOutcome.Success, verdict);
        await db.SaveChangesAsync(cancellationToken);
        return new Outcome(null, null, new TestSignInResult(provider.DisplayName, returnUrl, identity, verdict, roles, account is not null));
    }

    /// <summary>
    /// Finds (or links, or creates) the account and saves the sign-in. Creating an account takes a seat: when the
    /// tenant has a seat limit that is decided again under its seat lock, so concurrent first sign-ins never take
    /// more seats than there are; sign-ins to existing accounts take no lock.
    /// </summary>
    private async Task<(Account? Account, SignInError? Error)> ResolveAndSaveAsync(
        Tenant tenant, IdentityProvider provider, ExternalIdentity identity, CancellationToken cancellationToken)
    {
        var (account, error) = await accounts.ResolveAsync(tenant, provider, identity, cancellationToken);
        if (account is not null && db.Entry(account).State == EntityState.Added && tenant.Seats is not null &&
            db.Database.CurrentTransaction is null)
        {
            db.ChangeTracker.Clear();
            return await SeatLock.HoldAsync(db, tenant, () => ResolveAndSaveAsync(tenant, provider, identity, cancellationToken), cancellationToken);
        }
        if (account is null)
        {
            return (null, error);
        }
        ApplyRoles(provider, identity, account);
        audit.Record(provider.TenantId, AccountResolver.Actor(identity), "signin.succeeded", $"account:{account.Email}",
            AuditOutcome.Success, $"through {provider.Scheme}");
        await db.SaveChangesAsync(cancellationToken);
        return (account, null);
    }

    /// <summary>
    /// The signed-in account, when it is the one that started this link or test flow in the provider's tenant:
    /// a flow of one session never acts for another.
    /// </summary>
    private async Task<Account?> StarterAsync(HttpContext http, Guid accountId, IdentityProvider provider, CancellationToken cancellationToken)
    {
        var current = await Sessions.CurrentAccountAsync(http, db, cancellationToken);
        return current?.Id == accountId && current.TenantId == provider.TenantId ? current : null;
    }

    public Task<IdentityProvider?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        db.IdentityProviders.IgnoreQueryFilters().AsNoTracking().Include(p => p.Domains)
            .SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

    private Task<IdentityProvider?> FindBySchemeAsync(string scheme, CancellationToken cancellationToken)
    {
        var normalized = ProviderMapper.NormalizeScheme(scheme);
        return db.IdentityProviders.IgnoreQueryFilters().AsNoTracking().Include(p => p.Domains)
            .SingleOrDefaultAsync(p => p.NormalizedScheme == normalized, cancellationToken);
    }

    /// <summary>A disabled or draft provider signs no one in (draft: only the admin's test sign-in, later).</summary>
    private static SignInError? Unavailable(IdentityProvider provider) =>
        !provider.Enabled ? SignInFailures.ProviderDisabled("The connection is disabled.")
        : provider.Status != ProviderStatus.Active ? SignInFailures.ProviderDisabled("The connection is a draft and not live yet.")
        : null;

    private void ApplyRoles(IdentityProvider provider, ExternalIdentity identity, Account account)
    {
        if (RoleMapping.Apply(provider, identity.Groups, provider.Claims.Groups is not null, account.Roles) is not { } roles)
        {
            return;
        }
        audit.Record(provider.TenantId, AccountResolver.Actor(identity), "account.roles_changed", $"account:{account.Email}",
            AuditOutcome.Success, $"roles: {string.Join(", ", account.Roles)} → {string.Join(", ", roles)} (groups from {provider.Scheme})");
        account.Roles = roles;
        account.UpdatedAt = time.GetUtcNow().UtcDateTime;
    }

    private async Task<Outcome> FailAsync(
        IdentityProvider provider, ExternalIdentity? identity, SignInError error, CancellationToken cancellationToken)
    {
        // Whatever the resolver staged for this sign-in is dropped; only the audit record is saved.
        db.ChangeTracker.Clear();
        audit.Record(provider.TenantId, identity is null ? "sso:anonymous" : AccountResolver.Actor(identity), "signin.failed",
            $"provider:{provider.Scheme}", AuditOutcome.Failure, $"{error.Code}: {error.Reason}");
        await db.SaveChangesAsync(CancellationToken.None);
        Log.SignInFailed(logger, provider.Id, error.Code, error.Reason);
        if (error.Code == SignInErrorCodes.ConfigurationError)
        {
            var tenantName = await db.Tenants.Where(t => t.Id == provider.TenantId).Select(t => t.Name).SingleAsync(CancellationToken.None);
            await notices.ConfigurationErrorAsync(provider, tenantName, error.Reason, CancellationToken.None);
        }
        return new Outcome(null, error);
    }
}
