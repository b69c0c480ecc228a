using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Accounts;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.Mfa;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Pages.Profile;

/// <summary>
/// A person's own account: the ways they sign in (link another of the tenant's providers, remove one unless it
/// is the last), their password, and their authenticator app.
/// </summary>
[Authorize(AuthenticationSchemes = Sessions.Scheme)]
public sealed class IndexModel(
    DoormanDbContext db, AccountService accounts, SsoSignIn sso, Totp totp, EnrollmentSecrets enrollments, AuditLog audit) : PageModel
{
    public sealed record Login(Guid ProviderId, string Name);

    public Account Me { get; private set; } = null!;
    public string TenantName { get; private set; } = "";
    public List<Login> Logins { get; private set; } = [];
    public List<IdentityProvider> Linkable { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Refusal { get; private set; }
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public TotpEnrollView? Enroll { get; private set; }
    public List<string>? RecoveryCodes { get; private set; }

    private Tenant Tenant { get; set; } = null!;

    public string? Error(string field) => Errors.GetValueOrDefault(field)?.FirstOrDefault();

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var account = (Account)HttpContext.Items[typeof(Account)]!;
        db.TenantScope = account.TenantId;
        Tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == account.TenantId, HttpContext.RequestAborted);
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(account.Id, HttpContext.RequestAborted);
        await next();
    }

    public void OnGet(bool linked) => Message = linked ? "Linked." : null;

    public async Task<IActionResult> OnPostLinkAsync([FromForm] Guid providerId, CancellationToken cancellationToken)
    {
        if (Linkable.FirstOrDefault(p => p.Id == providerId) is not { } provider)
        {
            Refusal = "That provider cannot be linked to your account.";
            return Page();
        }
        var outcome = await sso.StartLinkAsync(HttpContext, provider, Me, cancellationToken);
        if (outcome.Error is { } error)
        {
            Refusal = SignInErrorText.For(error).Title + ".";
            return Page();
        }
        return Redirect(outcome.RedirectTo!);
    }

    public async Task<IActionResult> OnPostUnlinkAsync([FromForm] Guid providerId, CancellationToken cancellationToken)
    {
        if (Me.PasswordHash is null && Logins.Count == 1 && Logins[0].ProviderId == providerId)
        {
            Refusal = "This is your only way to sign in, so it can't be removed. Set a password or link another sign-in first.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (await accounts.UnlinkAsync(Tenant, $"account:{Me.Email}", Me.Id, providerId, cancellationToken))
        {
            Message = "Removed.";
        }
        await LoadAsync(Me.Id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(
        [FromForm] string? currentPassword, [FromForm] string? password, [FromForm] string? confirmPassword, CancellationToken cancellationToken)
    {
        Errors = await accounts.ChangePasswordAsync(Tenant, Me, currentPassword, password, confirmPassword, cancellationToken);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Message = "Password saved.";
        await LoadAsync(Me.Id, cancellationToken);
        return Page();
    }

    public void OnGetEnroll() => ShowEnrollment(null);

    public async Task<IActionResult> OnPostEnrollAsync([FromForm] string? code, [FromForm] string? enrollment, CancellationToken cancellationToken)
    {
        var secret = enrollments.Open(Me.Id, enrollment);
        if (Me.ProtectedTotpSecret is not null || secret is null || !totp.Matches(secret, code, out var step))
        {
            ShowEnrollment("That code is not right. Enter the current code from the app you just set up.", secret);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var account = await TrackedAsync(cancellationToken);
        account.ProtectedTotpSecret = totp.Protect(account, secret);
        account.TotpLastStep = step;
        RecoveryCodes = Totp.NewRecoveryCodes(account);
        await SaveAsync(account, "account.mfa_enrolled", "authenticator app set up from the profile", cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryAsync([FromForm(Name = "mfaCode")] string? code, CancellationToken cancellationToken)
    {
        var account = await TrackedAsync(cancellationToken);
        if (!totp.Accept(account, code))
        {
            return RefuseCode();
        }
        RecoveryCodes = Totp.NewRecoveryCodes(account);
        await SaveAsync(account, "account.mfa_recovery_codes", "new recovery codes; the old ones no longer work", cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostMfaOffAsync([FromForm(Name = "mfaCode")] string? code, CancellationToken cancellationToken)
    {
        var account = await TrackedAsync(cancellationToken);
        if (account.RequireMfa)
        {
            Refusal = "Your organization requires an authenticator for your account, so it can't be turned off here.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!totp.Accept(account, code))
        {
            return RefuseCode();
        }
        account.ProtectedTotpSecret = null;
        account.TotpLastStep = null;
        account.RecoveryCodes = [];
        await SaveAsync(account, "account.mfa_removed", "authenticator app removed from the profile", cancellationToken);
        Message = "Your authenticator app is no longer asked for.";
        return Page();
    }

    private IActionResult RefuseCode()
    {
        Errors = new() { ["mfaCode"] = ["That code is not right, or was already used."] };
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private void ShowEnrollment(string? error, string? secret = null)
    {
        secret ??= Totp.NewSecret();
        Enroll = new TotpEnrollView(Totp.QrSvg(TenantName, Me.Email, secret), secret, enrollments.Seal(Me.Id, secret),
            "/account?handler=enroll", error);
    }

    private Task<Account> TrackedAsync(CancellationToken cancellationToken) =>
        db.Accounts.SingleAsync(a => a.Id == Me.Id, cancellationToken);

    private async Task SaveAsync(Account account, string action, string detail, CancellationToken cancellationToken)
    {
        audit.Record(Tenant.Id, $"account:{account.Email}", action, $"account:{account.Email}", AuditOutcome.Success, detail);
        await db.SaveChangesAsync(cancellationToken);
        await LoadAsync(account.Id, cancellationToken);
    }

    private async Task LoadAsync(Guid accountId, CancellationToken cancellationToken)
    {
        Me = await db.Accounts.AsNoTracking().Include(a => a.ExternalLogins).SingleAsync(a => a.Id == accountId, cancellationToken);
        TenantName = Tenant.Name;
        var live = await db.IdentityProviders.AsNoTracking().Include(p => p.Domains)
            .Where(p => p.Enabled && p.Status == ProviderStatus.Active).OrderBy(p => p.DisplayName).ToListAsync(cancellationToken);
        var names = await db.IdentityProviders.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.DisplayName, cancellationToken);
        Logins = [.. Me.ExternalLogins.Select(l => new Login(l.ProviderId, names.GetValueOrDefault(l.ProviderId, "?")))];
        Linkable = [.. live.Where(p => Me.ExternalLogins.All(l => l.ProviderId != p.Id))];
    }
}
