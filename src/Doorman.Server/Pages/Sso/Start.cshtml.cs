using Doorman.Oidc.SignIn;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace Doorman.Server.Pages.Sso;

/// <summary><c>GET /sso/login?id={providerId}</c>: the direct SSO link; 302 to the provider's authorization endpoint.</summary>
public sealed class StartModel(SsoSignIn sso) : SignInPageModel
{
    public async Task<IActionResult> OnGetAsync(string? id, string? returnUrl, string? loginHint, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var providerId) || await sso.FindByIdAsync(providerId, cancellationToken) is not { } provider)
        {
            return ShowError(SignInFailures.ProviderNotFound("The link names no connection."));
        }
        var outcome = await sso.StartAsync(HttpContext, provider, returnUrl, loginHint, cancellationToken);
        return outcome.Error is SignInError error ? ShowError(error) : Redirect(outcome.RedirectTo!);
    }
}
