using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Doorman.Testing;

/// <summary>A person at a cloud provider, with the claims that provider puts in its ID tokens.</summary>
public sealed record CloudUser
{
    /// <summary>Entra: the directory (tenant) the person belongs to.</summary>
    public string TenantId { get; init; } = CloudIdentityProvider.ContosoTenant;

    /// <summary>Entra's object id, Google's numeric subject, Okta's user id.</summary>
    public string ObjectId { get; init; } = "6f1c2a3b-0d4e-4f5a-8b9c-aabbccddeeff";

    public string? Email { get; init; }
    public string? PreferredUsername { get; init; } = "alice@contoso.example";
    public string Name { get; init; } = "Alice Contoso";
    public bool? EmailVerified { get; init; }

    /// <summary>Entra's <c>xms_edov</c>: the email's domain is verified by the directory's owner.</summary>
    public bool? DomainOwnerVerified { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];
}

/// <summary>
/// Stands in for Microsoft Entra ID, Google and Okta, which cannot run here: it answers on loopback for
/// their host names (through <see cref="HostRewriteHandler"/>) with their discovery documents, endpoint
/// paths, issuers and ID token shapes: Entra's templated multi-tenant issuer, <c>tid</c>, <c>oid</c> and
/// pairwise <c>sub</c>, no <c>email_verified</c>; Google's <c>email_verified</c>, <c>hd</c> and <c>azp</c>;
/// Okta's <c>/oauth2/v1</c> paths. Authorization code with PKCE S256 and client secret (post or basic) only.
/// </summary>
public sealed class CloudIdentityProvider : IAsyncDisposable
{
    public const string EntraHost = "login.microsoftonline.com";
    public const string GoogleHost = "accounts.google.com";
    public const string OktaHost = "acme.okta.com";
    public const string GraphHost = "graph.microsoft.com";
    public const string GoogleApisHost = "openidconnect.googleapis.com";
    public const string ContosoTenant = "0b0f1a6c-2f6b-4b8e-9a4e-3f0a3b9c1d11";
    public const string FabrikamTenant = "7d3e9c1a-5b2f-4c8d-a6e0-112233445566";
    public const string ConsumersTenant = "9188040d-6c67-4c5b-b112-36a304b66dad";

    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "cloud-rs256" };
    private static readonly JsonWebTokenHandler Tokens = new();

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Secret, string RedirectUri, CloudUser User)> _clients = new();
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new();
    private readonly ConcurrentDictionary<string, Dictionary<string, object>> _accessTokens = new();

    private CloudIdentityProvider(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public HostRewriteHandler Network() => new(new Dictionary<string, string>
    {
        [EntraHost] = Url, [GoogleHost] = Url, [OktaHost] = Url, [GraphHost] = Url, [GoogleApisHost] = Url,
    });

    public static async Task<CloudIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var self = new CloudIdentityProvider(app);
        app.MapGet("/{**path}", (HttpContext context, string path) => self.Get(context, "/" + path));
        app.MapPost("/{**path}", (HttpContext context, string path) => self.PostAsync(context, "/" + path));
        await app.StartAsync();
        self.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return self;
    }

    public void AddClient(string clientId, string secret, string redirectUri, CloudUser user) => _clients[clientId] = (secret, redirectUri, user);

    private IResult Get(HttpContext context, string path)
    {
        var host = context.Request.Host.Host;
        if (path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
        {
            return Results.Json(Discovery(host, path[..^"/.well-known/openid-configuration".Length]));
        }
        if (path.EndsWith("/keys", StringComparison.Ordinal) || path.EndsWith("/certs", StringComparison.Ordinal))
        {
            return Results.Text(TokenForge.Jwks([Key]), "application/json");
        }
        if (path.EndsWith("/userinfo", StringComparison.Ordinal))
        {
            var bearer = context.Request.Headers.Authorization.ToString();
            return bearer.StartsWith("Bearer ", StringComparison.Ordinal) && _accessTokens.TryGetValue(bearer["Bearer ".Length..], out var claims)
                ? Results.Json(claims)
                : Results.Unauthorized();
        }
        if (path.EndsWith("/authorize", StringComparison.Ordinal) || path.EndsWith("/auth", StringComparison.Ordinal))
        {
            return Authorize(context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), host, path);
        }
        return Results.NotFound();
    }

    private async Task<IResult> PostAsync(HttpContext context, string path)
    {
        if (!path.EndsWith("/token", StringComparison.Ordinal))
        {
            return Results.NotFound();
        }
        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        var (clientId, secret) = ClientCredentials(context.Request, form);
        if (clientId is null || !_clients.TryGetValue(clientId, out var client) || client.Secret != secret)
        {
            return Results.Json(new { error = "invalid_client", error_description = "AADSTS7000215: Invalid client secret provided." }, statusCode: 401);
        }
        if (!_codes.TryRemove(form.GetValueOrDefault("code") ?? "", out var code) || code.ClientId != clientId ||
            form.GetValueOrDefault("redirect_uri") != client.RedirectUri ||
            Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form.GetValueOrDefault("code_verifier") ?? ""))) != code.Challenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }
        var (idToken, claims) = IdToken(code, clientId, client.User);
        var accessToken = "opaque-" + Guid.NewGuid().ToString("N");
        // Userinfo repeats the person's claims with the same sub as the ID token (Graph's /oidc/userinfo does).
        _accessTokens[accessToken] = claims.Where(c => c.Key is "sub" or "name" or "email" or "email_verified" or "preferred_username")
            .ToDictionary(c => c.Key, c => c.Value);
        return Results.Json(new { token_type = "Bearer", access_token = accessToken, expires_in = 3600, id_token = idToken });
    }

    private IResult Authorize(Dictionary<string, string> query, string host, string path)
    {
        var clientId = query.GetValueOrDefault("client_id") ?? "";
        if (!_clients.TryGetValue(clientId, out var client) || query.GetValueOrDefault("redirect_uri") != client.RedirectUri)
        {
            return Results.BadRequest("unknown client or redirect_uri");
        }
        if (query.GetValueOrDefault("code_challenge_method") != "S256" || string.IsNullOrEmpty(query.GetValueOrDefault("code_challenge")))
        {
            return Results.BadRequest("PKCE S256 required");
        }
        var code = Guid.NewGuid().ToString("N");
        _codes[code] = new PendingCode(clientId, host, path, query["code_challenge"], query.GetValueOrDefault("nonce"));
        var state = query.GetValueOrDefault("state") ?? "";
        if (query.GetValueOrDefault("response_mode") == "form_post")
        {
            return Results.Content(
                $"<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{client.RedirectUri}\">" +
                $"<input type=\"hidden\" name=\"code\" value=\"{code}\"/><input type=\"hidden\" name=\"state\" value=\"{state}\"/>" +
                "</form><script>document.forms[0].submit()</script></body></html>", "text/html");
        }
        return Results.Redirect($"{client.RedirectUri}?code={code}&state={Uri.EscapeDataString(state)}");
    }

    private static Dictionary<string, object> Discovery(string host, string prefix)
    {
        var origin = $"https://{host}";
        if (host == EntraHost)
        {
            // prefix is "/{tenant}/v2.0"; multi-tenant endpoints publish a templated issuer.
            var tenant = prefix.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
            var issuerTenant = tenant switch { "common" or "organizations" => "{tenantid}", "consumers" => ConsumersTenant, _ => tenant };
            return new()
            {
                ["issuer"] = $"{origin}/{issuerTenant}/v2.0",
                ["authorization_endpoint"] = $"{origin}/{tenant}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"{origin}/{tenant}/oauth2/v2.0/token",
                ["jwks_uri"] = $"{origin}/{tenant}/discovery/v2.0/keys",
                ["end_session_endpoint"] = $"{origin}/{tenant}/oauth2/v2.0/logout",
                ["userinfo_endpoint"] = $"https://{GraphHost}/oidc/userinfo",
                ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            };
        }
        var paths = host == OktaHost ? "/oauth2/v1" : "/o/oauth2/v2";
        return new()
        {
            ["issuer"] = origin,
            ["authorization_endpoint"] = host == OktaHost ? $"{origin}{paths}/authorize" : $"{origin}{paths}/auth",
            ["token_endpoint"] = host == OktaHost ? $"{origin}{paths}/token" : $"{origin}/token",
            ["jwks_uri"] = host == OktaHost ? $"{origin}{paths}/keys" : $"{origin}/oauth2/v3/certs",
            ["userinfo_endpoint"] = host == OktaHost ? $"{origin}{paths}/userinfo" : $"https://{GoogleApisHost}/v1/userinfo",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        };
    }

    private static (string Token, Dictionary<string, object> Claims) IdToken(PendingCode code, string clientId, CloudUser user)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["aud"] = clientId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["name"] = user.Name,
        };
        if (code.Nonce is not null)
        {
            claims["nonce"] = code.Nonce;
        }
        switch (code.Host)
        {
            case EntraHost:
                claims["iss"] = $"https://{EntraHost}/{user.TenantId}/v2.0";
                claims["tid"] = user.TenantId;
                claims["oid"] = user.ObjectId;
                // Entra's sub is pairwise: the same person has another sub in each app registration.
                claims["sub"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(clientId + user.ObjectId)))[..43];
                claims["ver"] = "2.0";
                Optional("preferred_username", user.PreferredUsername);
                Optional("email", user.Email);
                if (user.DomainOwnerVerified is { } edov)
                {
                    claims["xms_edov"] = edov;
                }
                break;
            case GoogleHost:
                claims["iss"] = $"https://{GoogleHost}";
                claims["azp"] = clientId;
                claims["sub"] = user.ObjectId;
                Optional("email", user.Email);
                claims["email_verified"] = user.EmailVerified ?? false;
                if (user.Email is { } email)
                {
                    claims["hd"] = email[(email.IndexOf('@') + 1)..];
                }
                break;
            default:
                claims["iss"] = $"https://{OktaHost}";
                claims["sub"] = user.ObjectId;
                Optional("email", user.Email);
                Optional("preferred_username", user.PreferredUsername);
                if (user.EmailVerified is { } verified)
                {
                    claims["email_verified"] = verified;
                }
                break;
        }
        if (user.Groups.Count > 0)
        {
            claims["groups"] = user.Groups.ToArray();
        }
        return (Tokens.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
        }), claims);

        void Optional(string name, string? value)
        {
            if (value is not null)
            {
                claims[name] = value;
            }
        }
    }

    /// <summary>client_secret_basic per RFC 6749 §2.3.1 (form-encoded id and secret), else client_secret_post.</summary>
    private static (string? ClientId, string? Secret) ClientCredentials(HttpRequest request, Dictionary<string, string> form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            var colon = decoded.IndexOf(':');
            return (Uri.UnescapeDataString(decoded[..colon].Replace('+', ' ')), Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' ')));
        }
        return (form.GetValueOrDefault("client_id"), form.GetValueOrDefault("client_secret"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed record PendingCode(string ClientId, string Host, string Path, string Challenge, string? Nonce);
}

/// <summary>Sends requests for the named hosts to a loopback address instead, keeping the Host header, as DNS would.</summary>
public sealed class HostRewriteHandler(IReadOnlyDictionary<string, string> hosts)
    : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (hosts.TryGetValue(uri.Host, out var target))
        {
            request.Headers.Host = uri.Host;
            request.RequestUri = new Uri(target + uri.PathAndQuery);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
