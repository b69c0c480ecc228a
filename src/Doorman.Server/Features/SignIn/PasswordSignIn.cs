using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Oidc.SignIn;
using Doorman.Server.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.SignIn;

/// <summary>
/// Password sign-in for backup admins and password users. Unknown email, wrong password, an account without a
/// password and a paused account all answer the same, after the same hashing work. Wrong passwords in a row pause
/// password sign-in to the account (<see cref="TryLimit.Password"/>); the per-address rate limit on the endpoint
/// comes on top.
/// </summary>
public sealed class PasswordSignIn(
    DoormanDbContext db, IPasswordHasher<Account> hasher, AuditLog audit, SignInCompletion completion, TimeProvider time,
    ILogger<PasswordSignIn> logger)
{
    // Verifying against a real hash keeps the time of an unknown email close to that of a wrong password.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<Account>().HashPassword(new Account(), Guid.NewGuid().ToString()));

    /// <summary>Where to send the browser next, or why not.</summary>
    public async Task<(string? RedirectTo, SignInError? Error)> SignInAsync(
        HttpContext http, Tenant tenant, string email, string password, string returnUrl, CancellationToken cancellationToken)
    {
        db.TenantScope = tenant.Id;
        var now = time.GetUtcNow().UtcDateTime;
        var normalized = EmailAddress.Normalize(email);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken);
        var counted = account?.PasswordHash is not null && await TryLimit.Password.CountAsync(db, account.Id, now, cancellationToken);
        var verdict = hasher.VerifyHashedPassword(account ?? new Account(), counted ? account!.PasswordHash! : DummyHash.Value, password);
        if (!counted || verdict == PasswordVerificationResult.Failed)
        {
            var reason = account?.PasswordHash is null ? "unknown email or no password" : counted ? "wrong password" : "paused after wrong passwords";
            if (counted && await TryLimit.Password.PauseIfReachedAsync(db, account!.Id, now, cancellationToken) is { } until)
            {
                audit.Record(tenant.Id, $"account:{account.Email}", "account.password_paused", $"account:{account.Email}", AuditOutcome.Failure,
                    $"{TryLimit.Password.Max} wrong passwords in a row: password sign-in pauses until {until:yyyy-MM-dd HH:mm} UTC");
            }
            return (null, await FailAsync(tenant, account, email, SignInFailures.PasswordInvalid($"Wrong email or password ({reason})."), cancellationToken));
        }
        await TryLimit.Password.ResetAsync(db, account!.Id, cancellationToken);
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
            $"{error.Code}: password sign-in; {error.Reason}");
        await db.SaveChangesAsync(cancellationToken);
        Log.PasswordSignIn(logger, account?.Id, AuditOutcome.Failure);
        return error;
    }
}
