using Doorman.Oidc.Metadata;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Doorman.Oidc.SignIn;

/// <summary>What the callback steps read and what they leave for the next one.</summary>
public sealed class CallbackContext
{
    public required ProviderSettings Provider { get; init; }
    public required ProviderMetadata Metadata { get; init; }

    /// <summary>The authorization response: the query string, or the form for <c>form_post</c>.</summary>
    public required IReadOnlyDictionary<string, string> Response { get; init; }

    /// <summary>The nonce and PKCE verifier stored with the flow when it started.</summary>
    public required string Nonce { get; init; }

    public required string CodeVerifier { get; init; }

    public string? RawIdToken { get; set; }
    public string? AccessToken { get; set; }

    /// <summary>Set only once the ID token's signature, issuer, audience and lifetime are verified.</summary>
    public JsonWebToken? IdToken { get; set; }

    /// <summary>Claims from the userinfo endpoint, when it was called.</summary>
    public IReadOnlyList<System.Security.Claims.Claim> UserInfo { get; set; } = [];

    public ExternalIdentity? Identity { get; set; }

    public string? Parameter(string name) => Response.TryGetValue(name, out var value) ? value : null;
}

/// <summary>One check of the callback. Returns null to go on, or the error that ends the sign-in.</summary>
public interface ICallbackStep
{
    ValueTask<SignInError?> RunAsync(CallbackContext context, CancellationToken cancellationToken);
}
