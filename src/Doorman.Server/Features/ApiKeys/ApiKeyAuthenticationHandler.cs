using System.Security.Claims;
using System.Text.Encodings.Web;
using Doorman.Data;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Doorman.Server.Features.ApiKeys;

/// <summary>Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the hashed keys in the database.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DoormanDbContext db,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BearerPrefix = "Bearer ";
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var presented = header[BearerPrefix.Length..].Trim();
        if (presented.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var hash = ApiKeySecrets.Hash(presented);
        var key = await db.ApiKeys.AsNoTracking()
            .SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, key.Name),
            new(Caller.KeyIdClaim, key.Id.ToString()),
        };
        if (key.TenantId is { } tenantId)
        {
            claims.Add(new Claim(Caller.TenantClaim, tenantId.ToString()));
        }
        // "Last used" is for humans spotting stale keys: minute precision spares a write on every request.
        var now = time.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedPrecision)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Problem(StatusCodes.Status401Unauthorized, "auth.unauthenticated",
                "A valid API key is required: send 'Authorization: Bearer <key>'.")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Forbidden("This API key may not do that.").ExecuteAsync(Context);
}
