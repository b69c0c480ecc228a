using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Oidc.SignIn;
using Doorman.Server.Features.Accounts;
using Doorman.Server.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.SignIn;

/// <summary>
/// Finds the account an external identity signs into (DESIGN rules 1 and 2): by (provider, subject); else
/// by linking a vouched email on the account's first sign-in with this provider; else by creating it
/// just in time. Only ever within the provider's own tenant. Changes are saved by the caller, with the audit.
/// </summary>
public sealed class AccountResolver(DoormanDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<(Account? Account, SignInError? Error)> ResolveAsync(
        Tenant tenant, IdentityProvider provider, ExternalIdentity identity, CancellationToken cancellationToken)
    {
        // Rule 1: the tenant filter confines every query below to the provider's own tenant.
        db.TenantScope = provider.TenantId;
        var now = time.GetUtcNow().UtcDateTime;
        var actor = Actor(identity);

        var login = await db.ExternalLogins
            .SingleOrDefaultAsync(l => l.ProviderId == provider.Id && l.Subject == identity.Subject, cancellationToken);
        if (login is not null)
        {
            var bound = await db.Accounts.SingleAsync(a => a.Id == login.AccountId, cancellationToken);
            if (bound.Status != AccountStatus.Active)
            {
                return (null, SignInFailures.AccountDisabled("The account is disabled."));
            }
            login.LastSignInAt = now;
            return (bound, null);
        }

        if (identity.Email is { } email)
        {
            var normalized = EmailAddress.Normalize(email);
            var existing = await db.Accounts.Include(a => a.ExternalLogins)
                .SingleOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken);
            if (existing is not null)
            {
                return Link(existing, provider, identity, actor, now);
            }
        }

        if (provider.Provisioning != ProvisioningMode.Jit)
        {
            return (null, SignInFailures.AccountNotFound("No account matches, and this connection does not create accounts."));
        }
        if (identity.Email is null)
        {
            return (null, SignInFailures.EmailMissing($"The provider sent no usable email in '{provider.Claims.Email ?? "email"}'."));
        }
        if (await AccountService.SeatsFullAsync(tenant, db, cancellationToken))
        {
            return (null, SignInFailures.SeatsFull($"All {tenant.Seats} seat(s) of the tenant are taken."));
        }
        return (Create(tenant, provider, identity, actor, now), null);
    }

    public static string Actor(ExternalIdentity identity) => $"sso:{identity.Email ?? identity.Subject}";

    private (Account?, SignInError?) Link(
        Account account, IdentityProvider provider, ExternalIdentity identity, string actor, DateTime now)
    {
        if (account.ExternalLogins.FirstOrDefault(l => l.ProviderId == provider.Id && l.Subject == identity.Subject) is { } own)
        {
            // Bound between our two lookups by a concurrent first sign-in of the same person: it is theirs.
            if (account.Status != AccountStatus.Active)
            {
                return (null, SignInFailures.AccountDisabled("The account is disabled."));
            }
            own.LastSignInAt = now;
            return (account, null);
        }
        if (!provider.LinkByEmail)
        {
            return (null, SignInFailures.AccountLinkRefused("Linking existing accounts by email is turned off for this connection."));
        }
        if (!identity.EmailVouched)
        {
            return (null, SignInFailures.AccountLinkRefused(
                "The provider does not vouch for this email (not verified, and its domain is not routed to this connection)."));
        }
        if (account.ExternalLogins.Any(l => l.ProviderId == provider.Id))
        {
            // Rule 2: linking only happens on the account's first sign-in with this provider.
            return (null, SignInFailures.AccountLinkRefused("The account is already bound to another identity at this provider."));
        }
        if (account.Status != AccountStatus.Active)
        {
            return (null, SignInFailures.AccountDisabled("The account is disabled."));
        }
        // Added through the set: a new child with its key already set would otherwise be taken for an update.
        db.ExternalLogins.Add(NewLogin(account, provider, identity, now));
        account.UpdatedAt = now;
        audit.Record(provider.TenantId, actor, "account.linked", $"account:{account.Email}", AuditOutcome.Success,
            $"bound to provider {provider.Scheme} by verified email");
        return (account, null);
    }

    private Account Create(Tenant tenant, IdentityProvider provider, ExternalIdentity identity, string actor, DateTime now)
    {
        var account = new Account
        {
            Id = Guid.NewGuid(),
            TenantId = tenant.Id,
            Name = identity.Name ?? JoinName(identity) ?? identity.Username,
            Status = AccountStatus.Active,
            Roles = RoleMapping.InitialRoles(provider, identity.Groups),
            CreatedAt = now,
            UpdatedAt = now,
        };
        account.SetEmail(identity.Email!);
        account.ExternalLogins.Add(NewLogin(account, provider, identity, now));
        db.Accounts.Add(account);
        audit.Record(tenant.Id, actor, "account.created", $"account:{account.Email}", AuditOutcome.Success,
            $"created on first sign-in through {provider.Scheme}; roles: {string.Join(", ", account.Roles)}");
        return account;
    }

    /// <summary>A binding of the account to the provider's subject, the only way one is ever made.</summary>
    internal static ExternalLogin NewLogin(Account account, IdentityProvider provider, ExternalIdentity identity, DateTime now) =>
        NewLogin(account, provider.Id, identity.Subject, now, signedIn: true);

    /// <summary>A binding made ahead of any sign-in (SCIM provisioning) has no last sign-in yet.</summary>
    internal static ExternalLogin NewLogin(Account account, Guid providerId, string subject, DateTime now, bool signedIn) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = account.TenantId,
        AccountId = account.Id,
        ProviderId = providerId,
        Subject = subject,
        CreatedAt = now,
        LastSignInAt = signedIn ? now : null,
    };

    private static string? JoinName(ExternalIdentity identity) =>
        identity.GivenName is null && identity.FamilyName is null
            ? null
            : string.Join(' ', new[] { identity.GivenName, identity.FamilyName }.Where(n => n is not null));
}
