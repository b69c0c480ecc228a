using System.Security.Cryptography;
using System.Text;
using Doorman.Oidc.Metadata;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.IdentityModel.Tokens;

namespace Doorman.Oidc.SignIn;

/// <summary>
/// A sign-in about to leave for the provider. <see cref="State"/>, <see cref="Nonce"/> and
/// <see cref="CodeVerifier"/> stay on the server (the flow record); only <see cref="Url"/> goes to the browser.
/// </summary>
public sealed record AuthorizationStart(string State, string Nonce, string CodeVerifier, string Url)
{
    /// <summary>
    /// Fresh state, nonce and PKCE verifier per attempt: 256 bits each from a CSPRNG. PKCE is S256 always
    /// (RFC 7636 §4.2; RFC 9700 §2.1.1), even for confidential clients, since it also stops code injection.
    /// </summary>
    public static AuthorizationStart Create(ProviderSettings provider, ProviderMetadata metadata, string? loginHint)
    {
        var state = CryptoRandom.CreateUniqueId(32);
        var nonce = CryptoRandom.CreateUniqueId(32);
        var verifier = CryptoRandom.CreateUniqueId(32);
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        var url = new RequestUrl(metadata.Endpoints.Authorization!).CreateAuthorizeUrl(
            clientId: provider.ClientId,
            responseType: OidcConstants.ResponseTypes.Code,
            scope: provider.Scopes,
            redirectUri: provider.RedirectUri,
            state: state,
            nonce: nonce,
            loginHint: loginHint,
            responseMode: provider.FormPost ? OidcConstants.ResponseModes.FormPost : null,
            codeChallenge: challenge,
            codeChallengeMethod: OidcConstants.CodeChallengeMethods.Sha256);
        return new AuthorizationStart(state, nonce, verifier, url);
    }
}
