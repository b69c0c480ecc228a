using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace Doorman.Server.Pages.Sso;

/// <summary>
/// <c>GET</c> or <c>POST /signin-{scheme}</c>: the redirect URI. POST is <c>response_mode=form_post</c>, sent by
/// the provider's page, so it carries no antiforgery token; the one-time state bound to this browser is
/// what proves the answer belongs here.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class CallbackModel(SsoSignIn sso) : SignInPageModel
{
    private const int MaxParameters = 20;

    public Task<IActionResult> OnGetAsync(string scheme, CancellationToken cancellationToken) =>
        CompleteAsync(scheme, Request.Query.Select(p => (p.Key, p.Value.ToString())), cancellationToken);

    public async Task<IActionResult> OnPostAsync(string scheme, CancellationToken cancellationToken)
    {
        var form = Request.HasFormContentType ? await Request.ReadFormAsync(cancellationToken) : null;
        return await CompleteAsync(scheme, form?.Select(p => (p.Key, p.Value.ToString())) ?? [], cancellationToken);
    }

    private async Task<IActionResult> CompleteAsync(
        string scheme, IEnumerable<(string Key, string Value)> parameters, CancellationToken cancellationToken)
    {
        // A parameter given twice is ambiguous (RFC 6749 §3.1): the joined value then matches nothing.
        var response = parameters.Take(MaxParameters).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var outcome = await sso.CompleteAsync(HttpContext, scheme, response, cancellationToken);
        return outcome switch
        {
            { Error: { } error } => ShowError(error),
            { Test: { } test } => ShowTest(test),
            _ => LocalRedirect(outcome.RedirectTo!),
        };
    }
}
