using Doorman.Oidc.SignIn;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Doorman.Oidc.Steps;

/// <summary>OpenID Connect Core §3.1.3.7 item 11: the nonce ties the ID token to this flow, so a token can't be replayed into another.</summary>
public sealed class ValidateNonce : ICallbackStep
{
    public ValueTask<SignInError?> RunAsync(CallbackContext context, CancellationToken cancellationToken)
    {
        var nonce = context.IdToken!.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Nonce, out var value) ? value : null;
        return ValueTask.FromResult(string.Equals(nonce, context.Nonce, StringComparison.Ordinal)
            ? null
            : SignInError.TokenInvalid(nonce is null
                ? "The ID token has no nonce."
                : "The ID token's nonce does not belong to this sign-in."));
    }
}
