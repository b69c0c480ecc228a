using Doorman.Oidc.SignIn;

namespace Doorman.Oidc.Steps;

/// <summary>RFC 6749 §4.1.2.1: the provider may answer with an error instead of a code.</summary>
public sealed class CheckErrorResponse : ICallbackStep
{
    public ValueTask<SignInError?> RunAsync(CallbackContext context, CancellationToken cancellationToken)
    {
        if (context.Parameter("error") is { } error)
        {
            var description = context.Parameter("error_description");
            // The provider's words are shown to the person; keep them short, the page encodes them.
            var said = description is null ? error : $"{error}: {Truncate(description, 300)}";
            return ValueTask.FromResult<SignInError?>(error == "access_denied"
                ? SignInError.AccessDenied($"The identity provider refused the sign-in ({said}).")
                : SignInError.IdpError($"The identity provider answered with an error ({Truncate(said, 400)})."));
        }
        if (string.IsNullOrEmpty(context.Parameter("code")))
        {
            return ValueTask.FromResult<SignInError?>(SignInError.IdpError("The identity provider's answer holds no authorization code."));
        }
        return ValueTask.FromResult<SignInError?>(null);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length] + "…";
}
