using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Doorman.Testing;

internal sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);

/// <summary>
/// A real OpenID Connect provider (OpenIddict) on a loopback port, for tests. Clients are registered per
/// test, each with the user it signs in and, for the certification cases, a way to misbehave. Its JWKS
/// is served from <see cref="PublishedKeys"/>, so a test can publish extra keys or rotate them. It also
/// serves <c>/broken/jwks</c>, an empty key set.
/// </summary>
public sealed class OpenIddictProvider : IAsyncDisposable
{
    private static readonly SymmetricSecurityKey EncryptionKey = new(RandomNumberGenerator.GetBytes(32));

    private readonly WebApplication _app;
    private readonly SqliteConnection _connection;
    private readonly ConcurrentDictionary<string, TestUser> _users;
    private int _metadataRequests;
    private int _userInfoRequests;

    private OpenIddictProvider(WebApplication app, SqliteConnection connection, string url, ConcurrentDictionary<string, TestUser> users)
    {
        _app = app;
        _connection = connection;
        _users = users;
        Url = url;
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:43121 (no trailing slash).</summary>
    public string Url { get; }

    /// <summary>OpenIddict's issuer carries a trailing slash.</summary>
    public string Issuer => Url + "/";

    /// <summary>Discovery and JWKS requests served so far: a relying party that caches makes few.</summary>
    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    /// <summary>Userinfo requests served so far.</summary>
    public int UserInfoRequests => Volatile.Read(ref _userInfoRequests);

    /// <summary>The keys the JWKS endpoint publishes; OpenIddict itself signs with <see cref="TokenForge.ProviderKey"/>.</summary>
    public List<SecurityKey> PublishedKeys { get; } = [TokenForge.ProviderKey];

    public static async Task<OpenIddictProvider> StartAsync()
    {
        var users = new ConcurrentDictionary<string, TestUser>(StringComparer.Ordinal);
        // A shared in-memory database, kept alive by one open connection; each request opens its own, so
        // the provider serves concurrent sign-ins (a single shared connection is not thread-safe).
        var connection = new SqliteConnection($"Data Source=file:op-{Guid.NewGuid():N}?mode=memory&cache=shared");
        await connection.OpenAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContext<ProviderDb>(o => o.UseSqlite(connection.ConnectionString).UseOpenIddict());
        OpenIddictProvider? self = null;
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo").SetEndSessionEndpointUris("connect/logout");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
                o.AddSigningKey(TokenForge.ProviderKey).AddEncryptionKey(EncryptionKey);
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough().DisableTransportSecurityRequirement();
                o.AddEventHandler<OpenIddictServerEvents.ApplyConfigurationResponseContext>(h => h.UseInlineHandler(context =>
                {
                    context.Response[Metadata.JwksUri] = self!.Url + "/test/jwks";
                    return default;
                }));
                o.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(h => h.UseInlineHandler(context =>
                {
                    if (context.Response.IdToken is { } idToken)
                    {
                        var original = new JsonWebToken(idToken);
                        if (users.TryGetValue(original.Audiences.First(), out var user) && user.ForgeIdToken is { } forge)
                        {
                            context.Response.IdToken = forge(original);
                        }
                    }
                    return default;
                }));
            });
        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/.well-known") || context.Request.Path.StartsWithSegments("/test/jwks"))
            {
                Interlocked.Increment(ref self!._metadataRequests);
            }
            else if (context.Request.Path.StartsWithSegments("/connect/userinfo"))
            {
                Interlocked.Increment(ref self!._userInfoRequests);
            }
            return next(context);
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
        }
        app.MapMethods("/connect/authorize", ["GET", "POST"], (HttpContext context) => Authorize(context, users));
        app.MapMethods("/connect/userinfo", ["GET", "POST"], (HttpContext context, CancellationToken _) => UserInfoAsync(context, users));
        app.MapMethods("/connect/logout", ["GET", "POST"], (HttpContext context) =>
            Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]));
        app.MapGet("/test/jwks", () => Results.Text(TokenForge.Jwks(self!.PublishedKeys), "application/json"));
        app.MapGet("/broken/jwks", () => Results.Text("{\"keys\":[]}", "application/json"));
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single().TrimEnd('/');
        self = new OpenIddictProvider(app, connection, url, users);
        return self;
    }

    /// <summary>Registers a confidential client that signs in <paramref name="user"/>; returns its id.</summary>
    public async Task<string> AddClientAsync(string redirectUri, string secret, TestUser? user = null, string? postLogoutRedirectUri = null)
    {
        var clientId = $"client-{Guid.NewGuid():N}";
        _users[clientId] = user ?? new TestUser();
        await using var scope = _app.Services.CreateAsyncScope();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            RedirectUris = { new Uri(redirectUri) },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        if (postLogoutRedirectUri is not null)
        {
            descriptor.PostLogoutRedirectUris.Add(new Uri(postLogoutRedirectUri));
        }
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
        return clientId;
    }

    /// <summary>Changes what the provider does for a registered client from now on.</summary>
    public void SetUser(string clientId, TestUser user) => _users[clientId] = user;

    private static IResult Authorize(HttpContext context, ConcurrentDictionary<string, TestUser> users)
    {
        var request = context.GetOpenIddictServerRequest()!;
        var user = users[request.ClientId!];
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Subject));
        Add(Claims.Email, user.Email);
        if (user.EmailVerified is { } verified)
        {
            identity.AddClaim(new Claim(Claims.EmailVerified, verified ? "true" : "false", ClaimValueTypes.Boolean));
        }
        Add(Claims.Name, user.Name);
        foreach (var group in user.Groups)
        {
            identity.AddClaim(new Claim("groups", group));
        }
        foreach (var (type, value) in user.Extra)
        {
            Add(type, value);
        }
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(claim => user.UserInfoOnly.Contains(claim.Type)
            ? [Destinations.AccessToken]
            : [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

        void Add(string type, string? value)
        {
            if (value is not null)
            {
                identity.AddClaim(new Claim(type, value));
            }
        }
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context, ConcurrentDictionary<string, TestUser> users)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } principal)
        {
            return Results.Unauthorized();
        }
        var user = users[principal.GetPresenters().First()];
        var answer = new Dictionary<string, object?>
        {
            [Claims.Subject] = user.UserInfoSubject ?? user.Subject,
            [Claims.Email] = user.Email,
            [Claims.EmailVerified] = user.EmailVerified,
            [Claims.Name] = user.Name,
        };
        if (user.Groups.Count > 0)
        {
            answer["groups"] = user.Groups;
        }
        return Results.Json(answer.Where(kv => kv.Value is not null).ToDictionary());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
