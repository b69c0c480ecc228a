using Doorman.Data.Entities;
using Doorman.Server.Features.Mfa;

namespace Doorman.Server.Features.SignIn;

/// <summary>
/// The last step of every sign-in: a session, or first the local authenticator when the account or the
/// provider requires it (and, after a password, whenever the account has an authenticator).
/// </summary>
public sealed class SignInCompletion(MfaChallenge challenge)
{
    public const string MfaPath = "/login/mfa";

    /// <summary>Where to send the browser next.</summary>
    public async Task<string> FinishAsync(
        HttpContext http, Account account, Tenant tenant, string method, IdentityProvider? provider, string? idToken, string returnUrl)
    {
        var needsCode = account.RequireMfa || provider?.RequireMfa == true ||
                        (method == Sessions.MethodPassword && account.ProtectedTotpSecret is not null);
        if (needsCode)
        {
            challenge.Begin(http, new PendingSignIn(account.Id, tenant.Id, method, provider?.Id, idToken, returnUrl));
            return MfaPath;
        }
        await Sessions.IssueAsync(http, account, tenant, method, provider?.Id, idToken);
        return returnUrl;
    }
}
