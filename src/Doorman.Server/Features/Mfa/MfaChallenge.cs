using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Doorman.Server.Features.Mfa;

/// <summary>A sign-in that passed its first factor and waits for the authenticator code.</summary>
public sealed record PendingSignIn(Guid AccountId, Guid TenantId, string Method, Guid? ProviderId, string? IdToken, string ReturnUrl);

/// <summary>
/// Carries a <see cref="PendingSignIn"/> from the first factor to <c>/login/mfa</c> in a protected cookie that
/// expires after five minutes. It grants nothing by itself: no session exists until the code is right.
/// </summary>
public sealed class MfaChallenge(IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const string Cookie = "doorman.mfa";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private ITimeLimitedDataProtector Protector =>
        dataProtection.CreateProtector("Doorman.Mfa.Pending.v1").ToTimeLimitedDataProtector();

    public void Begin(HttpContext http, PendingSignIn pending) =>
        http.Response.Cookies.Append(Cookie,
            Protector.Protect(JsonSerializer.Serialize(pending), time.GetUtcNow() + Lifetime),
            new CookieOptions { HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = "/login/mfa", IsEssential = true });

    public PendingSignIn? Read(HttpContext http)
    {
        if (http.Request.Cookies[Cookie] is not { } value)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<PendingSignIn>(Protector.Unprotect(value, out _));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;   // expired or tampered with: start again
        }
    }

    public static void End(HttpContext http) => http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/login/mfa" });
}
