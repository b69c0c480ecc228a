using System.Security.Claims;
using Doorman.Oidc.SignIn;
using Duende.IdentityModel.Client;

namespace Doorman.Oidc.Steps;

/// <summary>
/// Calls the userinfo endpoint only when the ID token lacks a mapped claim the account needs. Userinfo is not
/// signed, so its <c>sub</c> must equal the verified ID token's (OpenID Connect Core §5.3.2), else the answer
/// may describe someone else; and the subject itself is only ever taken from the ID token.
/// </summary>
public sealed class LoadUserInfo(HttpClient http) : ICallbackStep
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async ValueTask<SignInError?> RunAsync(CallbackContext context, CancellationToken cancellationToken)
    {
        var idToken = context.IdToken!;
        var missing = context.Provider.Claims.Needed().Any(name => !idToken.TryGetClaim(name, out _));
        if (!missing || context.Metadata.Endpoints.Userinfo is not { } address || string.IsNullOrEmpty(context.AccessToken))
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        UserInfoResponse response;
        try
        {
            response = await http.GetUserInfoAsync(new UserInfoRequest { Address = address, Token = context.AccessToken }, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SignInError.ProviderUnreachable($"The userinfo endpoint did not answer within {Timeout.TotalSeconds:0} seconds.");
        }
        if (response.IsError)
        {
            return response.ErrorType == ResponseErrorType.Exception
                ? SignInError.ProviderUnreachable("The userinfo endpoint could not be reached.")
                : SignInError.IdpError($"The userinfo endpoint answered with an error ({response.Error ?? $"HTTP {(int)response.HttpStatusCode}"}).");
        }

        var claims = response.Claims.ToList();
        var sub = claims.FirstOrDefault(c => c.Type == "sub")?.Value;
        if (!string.Equals(sub, idToken.Subject, StringComparison.Ordinal))
        {
            return SignInError.UserInfoInvalid("The userinfo answer describes another subject than the ID token ('sub' differs).");
        }
        context.UserInfo = claims;
        return null;
    }
}
