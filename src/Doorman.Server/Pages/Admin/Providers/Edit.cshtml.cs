using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Oidc.Metadata;
using Doorman.Server.Features.Providers;
using Microsoft.AspNetCore.Mvc;

namespace Doorman.Server.Pages.Admin.Providers;

public sealed class EditModel(DoormanDbContext db, ProviderService providers, PublicUrls urls, Features.SignIn.SsoSignIn sso)
    : AdminPageModel(db)
{
    public IdentityProvider Provider { get; private set; } = null!;
    public ProviderResponse Stored { get; private set; } = null!;
    public ProviderForm Form { get; private set; } = null!;
    public ProbeResult? Test { get; private set; }
    public bool JustSaved { get; private set; }

    /// <summary>The short name changed, and with it the redirect URI the provider must know.</summary>
    public bool Renamed { get; private set; }
    public IReadOnlyList<string> Roles => [.. Tenant.BuiltInRoles, .. Tenant.CustomRoles];
    public string LogoutUri => $"{urls.Origin(Request)}/signout-callback-{Provider.Scheme}";

    protected override string Section => "providers";

    public async Task<IActionResult> OnGetAsync(Guid id, bool saved, bool renamed, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        JustSaved = saved;
        Renamed = renamed;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var form = ProviderForm.From(Request.Form);
        form.Values["type"] = Stored.Type;   // the type is chosen once; another type is another connection
        form.Values["enabled"] = Stored.Enabled ? "true" : "false";   // only Enable/Disable change it, with a mailed code
        if (Provider.Status == ProviderStatus.Draft && form["status"] == "active" && Provider.LastTestSucceeded != true &&
            !Request.Form["confirmActivate"].Contains("true"))
        {
            // Going live changes how a whole organization signs in: without a passing test, ask first.
            ConfirmActivation = Provider.LastTestSucceeded is null
                ? "This provider has never been tested."
                : "The last test of this provider failed.";
            Form = form;
            return Page();
        }
        var oldScheme = Provider.Scheme;
        var result = await providers.ReplaceAsync(Tenant, Actor, Provider, form.ToInput(), !form.SkipCheck, Request, cancellationToken);
        if (result.Provider is not null)
        {
            var renamed = !string.Equals(oldScheme, result.Provider.Scheme, StringComparison.Ordinal);
            return LocalRedirect($"/admin/providers/{id}?saved=true{(renamed ? "&renamed=true" : "")}");
        }
        form.Errors = result.Errors ?? NewModel.ConflictErrors(result.Conflict!);
        Form = form;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Test = await providers.TestAsync(Tenant, Actor, Provider, Request, cancellationToken);
        return Page();
    }

    /// <summary>A real round trip with the provider, drafts included, that shows what would happen and changes nothing.</summary>
    public async Task<IActionResult> OnPostTestSignInAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var outcome = await sso.StartTestAsync(HttpContext, Provider, Admin, cancellationToken);
        if (outcome.Error is { } error)
        {
            Test = null;
            TestSignInError = Features.SignIn.SignInErrorText.For(error);
            return Page();
        }
        return Redirect(outcome.RedirectTo!);
    }

    public Features.SignIn.SignInErrorText? TestSignInError { get; private set; }

    /// <summary>Why activating needs a confirmation, when it does.</summary>
    public string? ConfirmActivation { get; private set; }

    public async Task<IActionResult> OnPostEnabledAsync(Guid id, bool enabled, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var what = $"{(enabled ? "enable" : "disable")} the provider \"{Provider.DisplayName}\"";
        if (!await ConfirmedAsync($"provider.{(enabled ? "enable" : "disable")}:{id}", what, $"provider:{Provider.Scheme}",
                $"/admin/providers/{id}?handler=enabled", new Dictionary<string, string> { ["enabled"] = enabled ? "true" : "false" },
                cancellationToken))
        {
            return Page();
        }
        var form = ProviderForm.From(Stored, Provider.RedirectUri);
        form.Values["enabled"] = enabled ? "true" : "false";
        var result = await providers.ReplaceAsync(Tenant, Actor, Provider, form.ToInput(), verify: false, Request, cancellationToken);
        if (result.Provider is null)
        {
            Form = form;
            form.Errors = result.Errors ?? NewModel.ConflictErrors(result.Conflict!);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return LocalRedirect($"/admin/providers/{id}?saved=true");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await providers.FindAsync(id, cancellationToken) is not { } provider)
        {
            return false;
        }
        Provider = provider;
        Stored = providers.Response(provider, Request);
        Form = ProviderForm.From(Stored, provider.RedirectUri);
        return true;
    }
}
