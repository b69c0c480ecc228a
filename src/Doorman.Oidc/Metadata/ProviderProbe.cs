using System.Net;
using System.Net.Sockets;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Doorman.Oidc.Metadata;

/// <summary>
/// Checks a provider's configuration the way a sign-in will use it: discovery, issuer, endpoints and
/// signing keys. Every network call is bounded by <see cref="RequestTimeout"/>, so a dead host costs
/// seconds, never a hung request. Parsing is left to Microsoft.IdentityModel.
/// </summary>
public sealed class ProviderProbe(HttpClient http)
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public async Task<ProbeResult> ProbeAsync(ProviderLocation location, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var issuer = location.ExpectedIssuer;
        var endpoints = location.Overrides;
        var issuerParameterSupported = false;
        var unreachable = false;

        if (!location.SkipsDiscovery && location.DiscoveryUrl is { } discoveryUrl)
        {
            var (document, failedToConnect) = await FetchAsync(
                "discovery document", discoveryUrl, location.AllowInsecureHttp, problems, cancellationToken);
            unreachable |= failedToConnect;
            if (document is not null)
            {
                var discovered = ParseDiscovery(document, discoveryUrl, problems);
                if (discovered is not null)
                {
                    CheckIssuer(location.ExpectedIssuer, discovered.Issuer, problems);
                    issuer ??= discovered.Issuer;
                    issuerParameterSupported = AdvertisesIssuerParameter(document);
                    endpoints = new ProviderEndpoints(
                        NullIfEmpty(discovered.AuthorizationEndpoint),
                        NullIfEmpty(discovered.TokenEndpoint),
                        NullIfEmpty(discovered.UserInfoEndpoint),
                        NullIfEmpty(discovered.JwksUri),
                        NullIfEmpty(discovered.EndSessionEndpoint)).OverriddenBy(location.Overrides);
                }
            }
        }

        CheckEndpoints(endpoints, location.AllowInsecureHttp, problems);

        IReadOnlyList<SecurityKey> signingKeys = [];
        if (endpoints.Jwks is { } jwksUrl && IsAllowed(jwksUrl, location.AllowInsecureHttp))
        {
            var (jwks, failedToConnect) = await FetchAsync(
                "signing keys (JWKS)", jwksUrl, location.AllowInsecureHttp, problems, cancellationToken);
            unreachable |= failedToConnect;
            signingKeys = jwks is null ? [] : ParseSigningKeys(jwks, jwksUrl, problems);
        }

        return new ProbeResult(issuer, endpoints, problems, signingKeys, issuerParameterSupported, unreachable);
    }

    /// <summary>
    /// Proves the client credentials at the token endpoint without signing anyone in: a code exchange with a
    /// made-up code. <c>invalid_grant</c> means the provider accepted the client and refused only the code;
    /// <c>invalid_client</c> or <c>unauthorized_client</c> means the id or secret is wrong. Returns the problem, or null.
    /// </summary>
    public async Task<CredentialProblem?> CheckCredentialsAsync(string tokenEndpoint, ProviderSettings provider, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(provider.ClientSecret))
        {
            return new("No client secret is stored. Doorman authenticates to the token endpoint with the secret from the app " +
                       "registration: enter it.", CredentialFault.ClientSecret);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        Duende.IdentityModel.Client.TokenResponse response;
        try
        {
            response = await Duende.IdentityModel.Client.HttpClientTokenRequestExtensions.RequestAuthorizationCodeTokenAsync(http,
                new Duende.IdentityModel.Client.AuthorizationCodeTokenRequest
                {
                    Address = tokenEndpoint,
                    ClientId = provider.ClientId,
                    ClientSecret = provider.ClientSecret,
                    ClientCredentialStyle = provider.UseBasicAuthentication
                        ? Duende.IdentityModel.Client.ClientCredentialStyle.AuthorizationHeader
                        : Duende.IdentityModel.Client.ClientCredentialStyle.PostBody,
                    AuthorizationHeaderStyle = Duende.IdentityModel.Client.BasicAuthenticationHeaderStyle.Rfc6749,
                    Code = "doorman-credential-check-" + Duende.IdentityModel.CryptoRandom.CreateUniqueId(16),
                    RedirectUri = provider.RedirectUri,
                    CodeVerifier = Duende.IdentityModel.CryptoRandom.CreateUniqueId(32),
                }, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new($"The token endpoint did not answer within {RequestTimeout.TotalSeconds:0} seconds, so the client " +
                       "credentials could not be checked.", CredentialFault.Unknown);
        }
        if (response.ErrorType == Duende.IdentityModel.Client.ResponseErrorType.Exception)
        {
            return new("Could not reach the token endpoint to check the client id and secret.", CredentialFault.Unknown);
        }
        if (response.Error is not ("invalid_client" or "unauthorized_client") && response.HttpStatusCode != HttpStatusCode.Unauthorized)
        {
            return null;
        }
        var error = response.Error ?? "HTTP 401";
        return NamesUnknownClient(response.ErrorDescription)
            ? new($"The provider does not know the client id '{provider.ClientId}' ({error}: {response.ErrorDescription}). " +
                  "Copy the application (client) id from the app registration again.", CredentialFault.ClientId)
            : new($"The provider refused the client secret at the token endpoint ({error}). Enter the secret again: it may " +
                  "be mistyped, replaced or expired (copy the secret's value, not its id).", CredentialFault.ClientSecret);
    }

    /// <summary>
    /// Whether the refusal says the client id itself is unknown rather than its secret wrong. Entra says AADSTS700016,
    /// OpenIddict and others name <c>client_id</c>; anything else is taken to be about the secret.
    /// </summary>
    private static bool NamesUnknownClient(string? description) =>
        description is not null &&
        (description.Contains("AADSTS700016", StringComparison.Ordinal) ||
         description.Contains("client_id", StringComparison.OrdinalIgnoreCase) ||
         description.Contains("client not found", StringComparison.OrdinalIgnoreCase) ||
         description.Contains("unknown client", StringComparison.OrdinalIgnoreCase));

    /// <summary>The provider's published signing keys; empty, with the reason in <paramref name="problems"/>, on failure.</summary>
    public async Task<IReadOnlyList<SecurityKey>> FetchSigningKeysAsync(
        string jwksUrl, bool allowInsecureHttp, List<string> problems, CancellationToken cancellationToken)
    {
        var (jwks, _) = await FetchAsync("signing keys (JWKS)", jwksUrl, allowInsecureHttp, problems, cancellationToken);
        return jwks is null ? [] : ParseSigningKeys(jwks, jwksUrl, problems);
    }

    /// <summary>The body, or null with the reason in <paramref name="problems"/>; Unreachable when no answer came at all.</summary>
    private async Task<(string? Body, bool Unreachable)> FetchAsync(
        string what, string url, bool allowInsecureHttp, List<string> problems, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            problems.Add($"The {what} address '{url}' is not a valid URL.");
            return (null, false);
        }
        if (!IsAllowed(url, allowInsecureHttp))
        {
            problems.Add($"The {what} address '{url}' uses plain HTTP, which is refused. Use https://, or turn on " +
                         "'allow insecure HTTP' only for a test provider on an isolated network.");
            return (null, false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                problems.Add($"The {what} at '{url}' answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase}). " +
                             "Check the address: the issuer, domain or directory id may be misspelled.");
                return (null, false);
            }
            return (await response.Content.ReadAsStringAsync(timeout.Token), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            problems.Add($"The {what} at '{url}' did not answer within {RequestTimeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException ex)
        {
            problems.Add($"Could not reach '{uri.Host}' for the {what}: {Describe(ex)}");
        }
        return (null, true);
    }

    private static OpenIdConnectConfiguration? ParseDiscovery(string json, string url, List<string> problems)
    {
        try
        {
            return OpenIdConnectConfiguration.Create(json);
        }
        catch (ArgumentException)
        {
            problems.Add($"The discovery document at '{url}' is not valid JSON metadata.");
            return null;
        }
    }

    /// <summary>RFC 9207 §3: a flag Microsoft.IdentityModel does not model, read from the document itself.</summary>
    private static bool AdvertisesIssuerParameter(string document)
    {
        using var json = System.Text.Json.JsonDocument.Parse(document);
        return json.RootElement.TryGetProperty("authorization_response_iss_parameter_supported", out var flag) &&
               flag.ValueKind == System.Text.Json.JsonValueKind.True;
    }

    private static void CheckIssuer(string? expected, string? actual, List<string> problems)
    {
        if (string.IsNullOrEmpty(actual))
        {
            problems.Add("The discovery document does not name its issuer.");
        }
        else if (expected is not null && !IssuerMatches(expected, actual))
        {
            problems.Add($"Issuer mismatch: the discovery document says '{actual}', but this connection is configured " +
                         $"with '{expected}'. They must be identical, including any trailing slash.");
        }
    }

    /// <summary>
    /// Exact, ordinal comparison (issuers are case-sensitive URLs). Multi-tenant Entra publishes a templated
    /// issuer, <c>.../{tenantid}/v2.0</c>, which is matched as written.
    /// </summary>
    public static bool IssuerMatches(string expected, string actual) => string.Equals(expected, actual, StringComparison.Ordinal);

    private static void CheckEndpoints(ProviderEndpoints endpoints, bool allowInsecureHttp, List<string> problems)
    {
        Require("authorization", endpoints.Authorization);
        Require("token", endpoints.Token);
        Require("JWKS (signing keys)", endpoints.Jwks);
        foreach (var (name, url) in new[]
                 {
                     ("authorization", endpoints.Authorization), ("token", endpoints.Token),
                     ("userinfo", endpoints.Userinfo), ("end-session", endpoints.EndSession),
                 })
        {
            if (url is not null && !IsAllowed(url, allowInsecureHttp))
            {
                problems.Add($"The {name} endpoint '{url}' uses plain HTTP, which is refused.");
            }
        }

        void Require(string name, string? url)
        {
            if (url is null)
            {
                problems.Add($"No {name} endpoint: the provider's metadata does not publish one and no override is set.");
            }
        }
    }

    private static IReadOnlyList<SecurityKey> ParseSigningKeys(string json, string url, List<string> problems)
    {
        try
        {
            var keys = new JsonWebKeySet(json).GetSigningKeys();
            if (keys.Count == 0)
            {
                problems.Add($"The signing keys at '{url}' hold no usable key, so no ID token could be verified.");
            }
            return [.. keys];
        }
        catch (ArgumentException)
        {
            problems.Add($"The signing keys at '{url}' are not a valid JSON Web Key Set.");
            return [];
        }
    }

    internal static bool IsAllowed(string url, bool allowInsecureHttp) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || (allowInsecureHttp && uri.Scheme == Uri.UriSchemeHttp));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Describe(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } =>
            "the host name does not exist. Check the spelling of the domain.",
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
            "the connection was refused. Is the address and port right?",
        System.Security.Authentication.AuthenticationException =>
            "its TLS certificate is not trusted.",
        _ when ex.StatusCode is HttpStatusCode code => $"HTTP {(int)code}.",
        _ => ex.Message,
    };
}
