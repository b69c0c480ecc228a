using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Oidc.SignIn;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.Mfa;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Pages.Login;

/// <summary>
/// <c>/login/mfa</c>: the second factor after a provider or a password. An account without an authenticator
/// sets one up here first. No session exists until a code is right. Wrong codes in a row pause the code check for
/// the account (<see cref="TryLimit.Mfa"/>); signing in again with the password does not start the count again.
/// </summary>
[EnableRateLimiting(SignInSetup.PasswordRateLimit)]
public sealed class MfaModel(
    DoormanDbContext db, MfaChallenge challenge, Totp totp, EnrollmentSecrets enrollments, AuditLog audit, TimeProvider time) : PageModel
{
    public SignInErrorText? Error { get; private set; }
    public TotpEnrollView? Enroll { get; private set; }
    public string? CodeError { get; private set; }
    public List<string>? RecoveryCodes { get; private set; }
    public string Continue { get; private set; } = "/";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } loaded)
        {
            return Expired();
        }
        var (_, account, tenant) = loaded;
        if (account.ProtectedTotpSecret is null)
        {
            ShowEnrollment(account, tenant, null);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? code, [FromForm] string? enrollment, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } loaded)
        {
            return Expired();
        }
        var (pending, account, tenant) = loaded;
        if (account.ProtectedTotpSecret is null)
        {
            return await ConfirmEnrollmentAsync(pending, account, tenant, code, enrollment, cancellationToken);
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (!await TryLimit.Mfa.CountAsync(db, account.Id, now, cancellationToken))
        {
            CodeError = $"Too many wrong codes in a row: codes for this account are not accepted until " +
                        $"{TryLimit.Mfa.PausedUntil(account, now):HH:mm} UTC. Try again then.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        if (!totp.Accept(account, code))
        {
            audit.Record(tenant.Id, $"account:{account.Email}", "signin.failed", $"account:{account.Email}", AuditOutcome.Failure,
                "mfa.code_invalid: wrong authenticator code");
            if (await TryLimit.Mfa.PauseIfReachedAsync(db, account.Id, now, cancellationToken) is { } until)
            {
                audit.Record(tenant.Id, $"account:{account.Email}", "account.mfa_paused", $"account:{account.Email}", AuditOutcome.Failure,
                    $"{TryLimit.Mfa.Max} wrong codes in a row: codes are not accepted until {until:yyyy-MM-dd HH:mm} UTC");
            }
            await db.SaveChangesAsync(cancellationToken);
            CodeError = "That code is not right, or was already used. Enter the current code from your app.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await TryLimit.Mfa.ResetAsync(db, account.Id, cancellationToken);
        return await CompleteAsync(pending, account, tenant, cancellationToken);
    }

    private async Task<IActionResult> ConfirmEnrollmentAsync(
        PendingSignIn pending, Account account, Tenant tenant, string? code, string? enrollment, CancellationToken cancellationToken)
    {
        var secret = enrollments.Open(account.Id, enrollment);
        if (secret is null || !totp.Matches(secret, code, out var step))
        {
            ShowEnrollment(account, tenant, "That code is not right. Check the app shows the account you just added, then enter its current code.", secret);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        account.ProtectedTotpSecret = totp.Protect(account, secret);
        account.TotpLastStep = step;
        RecoveryCodes = Totp.NewRecoveryCodes(account);
        audit.Record(tenant.Id, $"account:{account.Email}", "account.mfa_enrolled", $"account:{account.Email}", AuditOutcome.Success,
            "authenticator app set up during sign-in");
        var next = await CompleteAsync(pending, account, tenant, cancellationToken);
        Continue = ((LocalRedirectResult)next).Url;
        return Page();
    }

    private async Task<IActionResult> CompleteAsync(PendingSignIn pending, Account account, Tenant tenant, CancellationToken cancellationToken)
    {
        audit.Record(tenant.Id, $"account:{account.Email}", "signin.mfa_succeeded", $"account:{account.Email}", AuditOutcome.Success);
        await db.SaveChangesAsync(cancellationToken);
        MfaChallenge.End(HttpContext);
        await Sessions.IssueAsync(HttpContext, account, tenant, pending.Method, pending.ProviderId, pending.IdToken);
        return LocalRedirect(ReturnUrls.Local(pending.ReturnUrl));
    }

    private void ShowEnrollment(Account account, Tenant tenant, string? error, string? secret = null)
    {
        secret ??= Totp.NewSecret();
        Enroll = new TotpEnrollView(Totp.QrSvg(tenant.Name, account.Email, secret), secret, enrollments.Seal(account.Id, secret),
            "/login/mfa", error);
    }

    private async Task<(PendingSignIn, Account, Tenant)?> LoadAsync(CancellationToken cancellationToken)
    {
        if (challenge.Read(HttpContext) is not { } pending)
        {
            return null;
        }
        db.TenantScope = pending.TenantId;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == pending.AccountId && a.Status == AccountStatus.Active, cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == pending.TenantId, cancellationToken);
        return account is null || tenant is null ? null : (pending, account, tenant);
    }

    private IActionResult Expired()
    {
        Error = SignInErrorText.For(SignInError.StateInvalid("No sign-in is waiting for a code, or it took more than five minutes."));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
