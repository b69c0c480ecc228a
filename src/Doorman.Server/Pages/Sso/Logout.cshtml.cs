using Doorman.Data;
using Doorman.Oidc.SignIn;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Doorman.Server.Pages.Sso;

/// <summary>
/// <c>POST /logout</c>: ends the local session, then, after SSO, continues to the provider's end-session
/// endpoint. No antiforgery token: the session cookie is SameSite=Lax, so another site's POST arrives
/// without it and signs no one out. GET only shows a button: logout never happens on a GET.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class LogoutModel(
    DoormanDbContext db, SsoSignIn sso, RelyingParty relyingParty, Features.Providers.ProviderSettingsFactory settings, Features.Providers.PublicUrls urls,
    AuditLog audit, ILogger<LogoutModel> logger) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var session = await HttpContext.AuthenticateAsync(Sessions.Scheme);
        if (!session.Succeeded)
        {
            return LocalRedirect("/login");
        }
        await HttpContext.SignOutAsync(Sessions.Scheme);
        var principal = session.Principal;
        var tenantSlug = principal.FindFirst(Sessions.TenantSlugClaim)?.Value;
        var signedOut = $"/login?account={Uri.EscapeDataString(tenantSlug ?? "")}";
        if (Sessions.AccountId(principal) is { } accountId && Sessions.TenantId(principal) is { } tenantId)
        {
            audit.Record(tenantId, $"account:{principal.Identity?.Name}", "signout", $"account:{principal.Identity?.Name}", AuditOutcome.Success);
            await db.SaveChangesAsync(cancellationToken);
            Log.SignedOut(logger, accountId);
        }

        if (Sessions.ProviderId(principal) is not { } providerId)
        {
            return LocalRedirect(signedOut);
        }
        if (await sso.FindByIdAsync(providerId, cancellationToken) is not { } provider)
        {
            return LocalRedirect(signedOut);
        }
        var callback = $"{urls.Origin(Request)}/signout-callback-{provider.Scheme}";
        var endSession = await relyingParty.EndSessionUrlAsync(
            settings.Create(provider, Request), Sessions.IdToken(session), callback, cancellationToken);
        return endSession is null ? LocalRedirect(signedOut) : Redirect(endSession);
    }
}
