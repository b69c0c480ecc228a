using Doorman.Oidc.SignIn;

namespace Doorman.Oidc.Steps;

/// <summary>
/// RFC 9207 §2.4: the authorization response's <c>iss</c> names the provider that sent it. A wrong one, or a
/// missing one from a provider that promises to send it, means the response may come from another provider
/// the browser talked to (a mix-up attack), so it is refused before the code goes anywhere.
/// </summary>
public sealed class ValidateIssuerParameter : ICallbackStep
{
    public ValueTask<SignInError?> RunAsync(CallbackContext context, CancellationToken cancellationToken)
    {
        var iss = context.Parameter("iss");
        if (iss is null)
        {
            return ValueTask.FromResult(context.Metadata.IssuerParameterSupported
                ? SignInError.IssuerMismatch("The provider promises an 'iss' parameter in its answer, but this answer has none.")
                : null);
        }
        return ValueTask.FromResult(IssuerRules.Matches(context.Metadata.Issuer, iss, context.Provider)
            ? null
            : SignInError.IssuerMismatch("The answer's 'iss' parameter names another issuer than this connection's."));
    }
}
