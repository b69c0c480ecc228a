using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Doorman.Testing;

internal sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);

/// <summary>
/// A real OpenID Connect provider (OpenIddict) on a loopback port, for tests. It also serves
/// <c>/broken/jwks</c>, an empty key set, to play a provider whose keys are misconfigured.
/// </summary>
public sealed class OpenIddictProvider : IAsyncDisposable
{
    // One 2048-bit key for every test provider: generating keys per start costs seconds.
    private static readonly RsaSecurityKey SigningKey = new(RSA.Create(2048)) { KeyId = "test-rs256" };
    private static readonly SymmetricSecurityKey EncryptionKey = new(RandomNumberGenerator.GetBytes(32));

    private readonly WebApplication _app;
    private readonly SqliteConnection _connection;

    private OpenIddictProvider(WebApplication app, SqliteConnection connection, string url)
    {
        _app = app;
        _connection = connection;
        Url = url;
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:43121 (no trailing slash).</summary>
    public string Url { get; }

    /// <summary>OpenIddict's issuer carries a trailing slash.</summary>
    public string Issuer => Url + "/";

    public static async Task<OpenIddictProvider> StartAsync()
    {
        var connection = new SqliteConnection("DataSource=:memory:");
        await connection.OpenAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContext<ProviderDb>(o => o.UseSqlite(connection).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo").SetEndSessionEndpointUris("connect/logout");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
                o.AddSigningKey(SigningKey).AddEncryptionKey(EncryptionKey);
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
        }
        app.MapMethods("/connect/authorize", ["GET", "POST"], (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest()!;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, "alice").SetClaim(Claims.Email, "alice@example.test");
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapGet("/broken/jwks", () => Results.Text("{\"keys\":[]}", "application/json"));
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single().TrimEnd('/');
        return new OpenIddictProvider(app, connection, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
