using Doorman.Oidc.SignIn;
using Duende.IdentityModel.Client;

namespace Doorman.Oidc.Steps;

/// <summary>
/// Exchanges the code at the token endpoint with the PKCE verifier, authenticating with the client secret
/// the way the connection says. Basic authentication form-encodes the id and secret first (RFC 6749 §2.3.1):
/// Entra secrets often hold '+', '/' and '='.
/// </summary>
public sealed class RedeemCode(HttpClient http) : ICallbackStep
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async ValueTask<SignInError?> RunAsync(CallbackContext context, CancellationToken cancellationToken)
    {
        var provider = context.Provider;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        TokenResponse response;
        try
        {
            response = await http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
            {
                Address = context.Metadata.Endpoints.Token,
                ClientId = provider.ClientId,
                ClientSecret = provider.ClientSecret,
                ClientCredentialStyle = provider.UseBasicAuthentication
                    ? ClientCredentialStyle.AuthorizationHeader
                    : ClientCredentialStyle.PostBody,
                AuthorizationHeaderStyle = BasicAuthenticationHeaderStyle.Rfc6749,
                Code = context.Parameter("code")!,
                RedirectUri = provider.RedirectUri,
                CodeVerifier = context.CodeVerifier,
            }, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SignInError.ProviderUnreachable($"The token endpoint did not answer within {Timeout.TotalSeconds:0} seconds.");
        }

        if (response.IsError)
        {
            return Classify(response);
        }
        if (string.IsNullOrEmpty(response.IdentityToken))
        {
            return SignInError.TokenInvalid("The token endpoint returned no ID token. Is 'openid' among the scopes?");
        }
        context.RawIdToken = response.IdentityToken;
        context.AccessToken = response.AccessToken;
        return null;
    }

    private static SignInError Classify(TokenResponse response) => response switch
    {
        { ErrorType: ResponseErrorType.Exception } =>
            SignInError.ProviderUnreachable($"The token endpoint could not be reached: {response.Exception?.GetType().Name}."),
        { Error: "invalid_client" or "unauthorized_client" } or { HttpStatusCode: System.Net.HttpStatusCode.Unauthorized } =>
            SignInError.ConfigurationError(
                $"The identity provider refused Doorman's client credentials ({response.Error ?? "HTTP 401"}): the client " +
                "secret may have expired or been replaced, or the client id is wrong."),
        { Error: "invalid_grant" } =>
            SignInError.CodeRejected("The identity provider refused the authorization code: it was already used, has expired, " +
                                     "or does not match this sign-in."),
        _ => SignInError.IdpError($"The token endpoint answered with an error ({response.Error ?? $"HTTP {(int)response.HttpStatusCode}"})."),
    };
}
