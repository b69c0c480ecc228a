using Doorman.Oidc.Metadata;
using Doorman.Oidc.SignIn;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Doorman.Oidc.Steps;

/// <summary>
/// DESIGN rule 3 and OpenID Connect Core §3.1.3.7: signature against the provider's published keys, issuer,
/// audience and azp, expiry and not-before with at most two minutes of skew, and the claims a token must
/// carry. Parsing and cryptography are Microsoft.IdentityModel's; nothing here decodes a JWT by hand.
/// </summary>
public sealed class ValidateIdToken(ProviderProbe probe, TimeProvider time) : ICallbackStep
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    // Asymmetric algorithms only: `none` is never accepted, and HMAC would let anyone holding the client
    // secret (or a public key passed off as an HMAC secret) mint tokens.
    private static readonly string[] AllowedAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public async ValueTask<SignInError?> RunAsync(CallbackContext context, CancellationToken cancellationToken)
    {
        var raw = context.RawIdToken!;
        if (!Handler.CanReadToken(raw))
        {
            return SignInError.TokenInvalid("The ID token is not a well-formed JWT.");
        }
        var unverified = Handler.ReadJsonWebToken(raw);
        var keys = context.Metadata.Keys;

        // A key id we have not seen means the provider rotated its keys: fetch them again, at most every
        // ten seconds per provider (SigningKeys), then validate against whatever we hold.
        if (unverified.TryGetHeaderValue<string>(JwtHeaderParameterNames.Kid, out var kid) && !keys.Knows(kid))
        {
            await keys.TryRefreshAsync(probe, time, cancellationToken);
        }

        var result = await Handler.ValidateTokenAsync(raw, Parameters(context, unverified, keys.Current));
        if (!result.IsValid && kid is null && result.Exception is SecurityTokenSignatureKeyNotFoundException &&
            await keys.TryRefreshAsync(probe, time, cancellationToken))
        {
            // No key id to go by: a rotation shows only as "no key verifies", so try the fresh keys once.
            result = await Handler.ValidateTokenAsync(raw, Parameters(context, unverified, keys.Current));
        }
        if (!result.IsValid)
        {
            return SignInError.TokenInvalid($"The ID token was rejected: {Describe(result.Exception)}");
        }
        var token = (JsonWebToken)result.SecurityToken;
        if (CheckRequiredClaims(context, token) is { } failure)
        {
            return failure;
        }
        context.IdToken = token;
        return null;
    }

    private TokenValidationParameters Parameters(CallbackContext context, JsonWebToken unverified, IReadOnlyList<SecurityKey> keys)
    {
        var provider = context.Provider;
        var issuer = context.Metadata.Issuer;
        if (issuer.Contains(IssuerRules.TenantPlaceholder, StringComparison.Ordinal))
        {
            // Multi-tenant Entra: the token's own tid fills the template. The signature check below covers
            // tid too, and the tenant class is checked once the token is verified.
            unverified.TryGetPayloadValue<string>("tid", out var tid);
            issuer = issuer.Replace(IssuerRules.TenantPlaceholder, tid ?? "-", StringComparison.Ordinal);
        }
        return new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = provider.ClientId,
            IssuerSigningKeys = keys,
            ValidAlgorithms = AllowedAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            TryAllIssuerSigningKeys = true,
        };
    }

    private static SignInError? CheckRequiredClaims(CallbackContext context, JsonWebToken token)
    {
        // OpenID Connect Core §2: iss, sub, aud, exp and iat are required in every ID token.
        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out _))
        {
            return SignInError.TokenInvalid("The ID token has no 'iat' (issued at) claim.");
        }
        if (string.IsNullOrEmpty(token.Subject))
        {
            return SignInError.TokenInvalid("The ID token has no 'sub' claim.");
        }
        // §3.1.3.7 items 4 and 5: with several audiences, azp must be us; when present, it must be us.
        var azp = token.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Azp, out var value) ? value : null;
        if ((token.Audiences.Count() > 1 && azp is null) || (azp is not null && !string.Equals(azp, context.Provider.ClientId, StringComparison.Ordinal)))
        {
            return SignInError.TokenInvalid("The ID token was issued to another client ('azp').");
        }
        if (context.Provider.IsEntra &&
            !IssuerRules.AcceptsTenant(context.Provider, token.TryGetPayloadValue<string>("tid", out var tid) ? tid : null))
        {
            return SignInError.TokenInvalid("The ID token comes from an Entra directory this connection does not accept ('tid').");
        }
        return null;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "it has expired.",
        SecurityTokenNotYetValidException => "it is not valid yet (check the clocks).",
        SecurityTokenInvalidIssuerException => "it was issued by another issuer.",
        SecurityTokenInvalidAudienceException => "it was issued for another client ('aud').",
        SecurityTokenInvalidAlgorithmException => "it is signed with an algorithm that is not accepted.",
        SecurityTokenSignatureKeyNotFoundException => "it is signed with a key the provider does not publish.",
        SecurityTokenInvalidSignatureException => "its signature does not verify.",
        SecurityTokenNoExpirationException => "it has no expiry ('exp').",
        SecurityTokenMalformedException => "it is malformed.",
        _ => $"it did not validate ({exception?.GetType().Name ?? "unknown reason"}).",
    };
}
