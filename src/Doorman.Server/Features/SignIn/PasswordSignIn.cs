using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Oidc.SignIn;
using Doorman.Server.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.SignIn;

/// <summary>
/// Password sign-in for backup admins and password users. Unknown email, wrong password and an account
/// without a password all answer the same, after the same hashing work.
/// </summary>
public sealed class PasswordSignIn(
    DoormanDbContext db, IPasswordHasher<Account> hasher, AuditLog audit, SignInCompletion completion, ILogger<PasswordSignIn> logger)
{
    // Verifying against a real hash keeps the time of an unknown email close to that of a wrong password.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<Account>().HashPassword(new Account(), Guid.NewGuid().ToString()));

    /// <summary>Where to send the browser next, or why not.</summary>
    public async Task<(string? RedirectTo, SignInError? Error)> SignInAsync(
        HttpContext http, Tenant tenant, string email, string password, string returnUrl, CancellationToken cancellationToken)
    {
        db.TenantScope = tenant.Id;
        var normalized = EmailAddress.Normalize(email);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken);
        var verdict = hasher.VerifyHashedPassword(account ?? new Account(), account?.PasswordHash ?? DummyHash.Value, password);
        if (account?.PasswordHash is null || verdict == PasswordVerificationResult.Failed)
        {
            return (null, await FailAsync(tenant, account, email, SignInFailures.PasswordInvalid("Wrong email or password."), cancellationToken));
        }
        if (account.Status != AccountStatus.Active)
        {
            return (null, await FailAsync(tenant, account, email, SignInFailures.AccountDisabled("The account is disabled."), cancellationToken));
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password);
        }
        audit.Record(tenant.Id, $"account:{account.Email}", "signin.succeeded", $"account:{account.Email}", AuditOutcome.Success, "with password");
        await db.SaveChangesAsync(cancellationToken);
        var next = await completion.FinishAsync(http, account, tenant, Sessions.MethodPassword, null, null, returnUrl);
        Log.PasswordSignIn(logger, account.Id, AuditOutcome.Success);
        return (next, null);
    }

    private async Task<SignInError> FailAsync(
        Tenant tenant, Account? account, string email, SignInError error, CancellationToken cancellationToken)
    {
        audit.Record(tenant.Id, $"account:{email}", "signin.failed", $"account:{email}", AuditOutcome.Failure,
            $"{error.Code}: password sign-in");
        await db.SaveChangesAsync(cancellationToken);
        Log.PasswordSignIn(logger, account?.Id, AuditOutcome.Failure);
        return error;
    }
}
