using System.Security.Claims;
using Doorman.Data;
using Doorman.Server.Features.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Pages.Operator;

/// <summary>
/// Operator pages (the mail outbox): an operator signs in with an operator API key, which becomes a short cookie
/// session limited to <c>/operator</c>. Tenant keys and tenant admins never get in.
/// </summary>
public static class OperatorSession
{
    public const string Scheme = "Doorman.Operator";
    public const string Policy = "Operator";

    public static WebApplicationBuilder AddOperatorPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "doorman.operator";
            o.Cookie.Path = "/operator";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(1);
            o.SlidingExpiration = false;
            o.LoginPath = "/operator/signin";
            o.AccessDeniedPath = "/operator/signin";
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>Signs the browser in when <paramref name="presented"/> is a live operator key.</summary>
    public static async Task<bool> SignInAsync(HttpContext http, DoormanDbContext db, string presented)
    {
        if (presented.Length is 0 or > 200)
        {
            return false;
        }
        var hash = ApiKeySecrets.Hash(presented.Trim());
        var key = await db.ApiKeys.AsNoTracking()
            .SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null && k.TenantId == null, http.RequestAborted);
        if (key is null)
        {
            return false;
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, key.Name)], Scheme);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        return true;
    }
}
