using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Accounts;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Pages.Profile;

/// <summary>
/// A person's own account: the ways they sign in (link another of the tenant's providers, remove one unless it
/// is the last), and their password.
/// </summary>
[Authorize(AuthenticationSchemes = Sessions.Scheme)]
public sealed class IndexModel(DoormanDbContext db, AccountService accounts, SsoSignIn sso) : PageModel
{
    public sealed record Login(Guid ProviderId, string Name);

    public Account Me { get; private set; } = null!;
    public string TenantName { get; private set; } = "";
    public List<Login> Logins { get; private set; } = [];
    public List<IdentityProvider> Linkable { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Refusal { get; private set; }
    public Dictionary<string, string[]> Errors { get; private set; } = [];

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

    private async Task LoadAsync(Guid accountId, CancellationToken cancellationToken)
    {
        Me = await db.Accounts.AsNoTracking().Include(a => a.ExternalLogins).SingleAsync(a => a.Id == accountId, cancellationToken);
        TenantName = Tenant.Name;
        var live = await db.IdentityProviders.AsNoTracking()
            .Where(p => p.Enabled && p.Status == ProviderStatus.Active).OrderBy(p => p.DisplayName).ToListAsync(cancellationToken);
        var names = await db.IdentityProviders.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.DisplayName, cancellationToken);
        Logins = [.. Me.ExternalLogins.Select(l => new Login(l.ProviderId, names.GetValueOrDefault(l.ProviderId, "?")))];
        Linkable = [.. live.Where(p => Me.ExternalLogins.All(l => l.ProviderId != p.Id))];
    }
}
