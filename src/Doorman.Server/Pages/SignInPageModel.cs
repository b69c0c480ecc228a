using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Oidc.SignIn;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Pages;

/// <summary>
/// The sign-in pages share one rendering (<c>_SignInPage</c>): an error page with its code and HTTP status,
/// the tenant picker, or the sign-in form.
/// </summary>
public abstract class SignInPageModel : PageModel
{
    public SignInErrorText? Error { get; private set; }
    public LoginView? View { get; private set; }
    public TenantPicker? Picker { get; private set; }
    public TestSignInResult? Test { get; private set; }

    public IActionResult ShowTest(TestSignInResult test)
    {
        Test = test;
        ViewData["Title"] = "Test sign-in";
        return Page();
    }

    public IActionResult ShowError(SignInError error)
    {
        Error = SignInErrorText.For(error);
        ViewData["Title"] = Error.Title;
        Response.StatusCode = error.Status;
        return Page();
    }

    public IActionResult ShowForm(LoginView view, int status = StatusCodes.Status200OK)
    {
        View = view;
        ViewData["Title"] = view.Tenant is null ? "Sign in" : $"Sign in to {view.Tenant.Name}";
        Response.StatusCode = status;
        return Page();
    }

    public IActionResult ShowPicker(TenantPicker picker)
    {
        Picker = picker;
        ViewData["Title"] = "Choose your organization";
        return Page();
    }

    /// <summary>The tenant's live, enabled providers, as buttons.</summary>
    protected static async Task<IReadOnlyList<ProviderButton>> ButtonsAsync(DoormanDbContext db, Tenant tenant, CancellationToken cancellationToken) =>
        await db.IdentityProviders.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.TenantId == tenant.Id && p.Enabled && p.Status == ProviderStatus.Active)
            .OrderBy(p => p.DisplayName)
            .Select(p => new ProviderButton(p.Id, p.DisplayName, p.IconUrl))
            .ToListAsync(cancellationToken);

    protected static Task<Tenant?> FindTenantAsync(DoormanDbContext db, string? slug, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(slug)
            ? Task.FromResult<Tenant?>(null)
            : db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug.Trim().ToLowerInvariant(), cancellationToken);
}

public sealed record TenantPicker(string Email, string ReturnUrl, IReadOnlyList<Tenant> Tenants);
