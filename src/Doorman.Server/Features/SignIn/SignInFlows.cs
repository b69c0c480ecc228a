using System.Security.Cryptography;
using System.Text;
using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Oidc.SignIn;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.SignIn;

/// <summary>
/// The server-side record of each sign-in in progress (DESIGN rule 4). A flow is bound to the browser
/// that started it by a random cookie, expires after ten minutes, and is deleted by the one callback
/// that uses it, on every node alike since it lives in the database.
/// </summary>
public sealed class SignInFlows(DoormanDbContext db, TimeProvider time)
{
    public const string BrowserCookie = "doorman.flow";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(1);

    // Per process: each node clears now and then; any one of them is enough.
    private static DateTime LastCleanup = DateTime.MinValue;

    public async Task SaveAsync(
        HttpContext http, IdentityProvider provider, AuthorizationStart start, string returnUrl, Guid? linkAccountId,
        Guid? testByAccountId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Expired flows are never useful; clearing them now and then keeps the table at the size of live traffic.
        if (now - LastCleanup > CleanupInterval)
        {
            LastCleanup = now;
            await db.SsoFlows.Where(f => f.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        }
        db.SsoFlows.Add(new SsoFlow
        {
            Id = Guid.NewGuid(),
            StateHash = Hash(start.State),
            BrowserHash = Hash(BrowserSecret(http)),
            TenantId = provider.TenantId,
            ProviderId = provider.Id,
            Nonce = start.Nonce,
            CodeVerifier = start.CodeVerifier,
            ReturnUrl = returnUrl,
            LinkAccountId = linkAccountId,
            TestByAccountId = testByAccountId,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the flow named by the state out of the database, whatever happens next: a replayed or
    /// concurrent callback finds nothing. Then checks it belongs to this browser, is fresh, and came
    /// back to the provider it left for.
    /// </summary>
    public async Task<(SsoFlow? Flow, SignInError? Error)> ConsumeAsync(
        HttpContext http, string? state, IdentityProvider provider, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 512)
        {
            return (null, SignInError.StateInvalid("The answer carries no state."));
        }
        var stateHash = Hash(state);
        var flow = await db.SsoFlows.AsNoTracking().SingleOrDefaultAsync(f => f.StateHash == stateHash, cancellationToken);
        if (flow is null)
        {
            return (null, SignInError.StateInvalid("No sign-in is waiting for this state: it is unknown, tampered with, or already used."));
        }
        if (await db.SsoFlows.Where(f => f.Id == flow.Id).ExecuteDeleteAsync(cancellationToken) != 1)
        {
            return (null, SignInError.StateInvalid("This sign-in was already completed (the answer was replayed)."));
        }
        if (flow.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            return (null, SignInError.StateInvalid("The sign-in expired before the identity provider answered."));
        }
        // Login CSRF: a state started in another browser (an attacker's) must not complete in this one.
        var cookie = http.Request.Cookies[BrowserCookie];
        if (cookie is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Hash(cookie)), Encoding.ASCII.GetBytes(flow.BrowserHash)))
        {
            return (null, SignInError.StateInvalid("The sign-in was started in another browser."));
        }
        if (flow.ProviderId != provider.Id)
        {
            return (null, SignInError.StateInvalid("The answer came back to another connection's address than it left from."));
        }
        return (flow, null);
    }

    /// <summary>The browser's flow secret, set on first use. SameSite=None on HTTPS so form_post answers carry it.</summary>
    private static string BrowserSecret(HttpContext http)
    {
        if (http.Request.Cookies[BrowserCookie] is { Length: >= 32 } existing)
        {
            return existing;
        }
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var https = http.Request.IsHttps;
        http.Response.Cookies.Append(BrowserCookie, secret, new CookieOptions
        {
            HttpOnly = true,
            Secure = https,
            // Browsers refuse SameSite=None without Secure; on plain HTTP (development) Lax still serves query responses.
            SameSite = https ? SameSiteMode.None : SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
        });
        return secret;
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
