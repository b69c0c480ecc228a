using Doorman.Oidc.SignIn;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Doorman.Server.Features.SignIn;

/// <summary>What an admin's test sign-in found: the verified claims, and what a real sign-in would do.</summary>
public sealed record TestSignInResult(
    string ProviderName, string BackTo, ExternalIdentity Identity, string Verdict, IReadOnlyList<string>? Roles, bool WouldSignIn)
{
    /// <summary>Every claim of the verified ID token, as the provider sent it.</summary>
    public IEnumerable<(string Type, string Value)> IdTokenClaims =>
        new JsonWebToken(Identity.IdToken).Claims
            .Where(c => c.Type is not ("nonce" or "at_hash" or "c_hash"))
            .Select(c => (c.Type, c.Value));
}
