using System.Security.Claims;
using Doorman.Data;
using Doorman.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.SignIn;

/// <summary>
/// A person's session: a cookie protected by the shared Data Protection key ring, so any node can read it.
/// Each request re-reads the account, so disabling it ends its sessions at once.
/// </summary>
public static class Sessions
{
    public const string Scheme = "Doorman.Session";
    public const string CookieName = "doorman.session";
    public const string MethodSso = "sso";
    public const string MethodPassword = "password";

    public const string AccountIdClaim = "doorman:account_id";
    public const string TenantIdClaim = "doorman:tenant_id";
    public const string TenantSlugClaim = "doorman:tenant";
    public const string MethodClaim = "doorman:method";
    public const string ProviderIdClaim = "doorman:provider_id";
    private const string IdTokenName = "id_token";

    public static void Configure(CookieAuthenticationOptions options, TimeSpan lifetime)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = lifetime;
        options.SlidingExpiration = false;
        options.LoginPath = "/login";
        options.Events.OnValidatePrincipal = ValidateAsync;
        // Pages send people to sign in; everything else answers with a status code.
        options.Events.OnRedirectToLogin = context =>
        {
            if (IsPage(context.Request))
            {
                context.Response.Redirect($"/login?returnUrl={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToAccessDenied = async context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            if (IsPage(context.Request))
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(
                    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed · Doorman</title>" +
                    "<link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><main class=\"card\"><h1>You can't open this page</h1>" +
                    "<p>Administration is for your organization's administrators. Ask one of them if you need access.</p>" +
                    "<p class=\"code\">Error code: <code data-error-code>admin.forbidden</code></p></main></body></html>");
            }
        };
    }

    private static bool IsPage(HttpRequest request) =>
        request.Path.StartsWithSegments("/admin") || request.Path.StartsWithSegments("/account");

    public static Task IssueAsync(
        HttpContext http, Account account, Tenant tenant, string method, Guid? providerId, string? idToken)
    {
        var identity = new ClaimsIdentity(Scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(AccountIdClaim, account.Id.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.Name, account.Email));
        identity.AddClaim(new Claim(TenantIdClaim, tenant.Id.ToString()));
        identity.AddClaim(new Claim(TenantSlugClaim, tenant.Slug));
        identity.AddClaim(new Claim(MethodClaim, method));
        if (providerId is { } id)
        {
            identity.AddClaim(new Claim(ProviderIdClaim, id.ToString()));
        }
        var properties = new AuthenticationProperties { IsPersistent = false };
        if (idToken is not null)
        {
            properties.StoreTokens([new AuthenticationToken { Name = IdTokenName, Value = idToken }]);
        }
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), properties);
    }

    public static string? IdToken(AuthenticateResult session) => session.Properties?.GetTokenValue(IdTokenName);

    public static Guid? AccountId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(AccountIdClaim), out var id) ? id : null;

    public static Guid? TenantId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(TenantIdClaim), out var id) ? id : null;

    public static Guid? ProviderId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ProviderIdClaim), out var id) ? id : null;

    /// <summary>The signed-in account, loaded fresh; null when there is no valid session.</summary>
    public static async Task<Account?> CurrentAccountAsync(HttpContext http, DoormanDbContext db, CancellationToken cancellationToken)
    {
        var session = await http.AuthenticateAsync(Scheme);
        if (!session.Succeeded || AccountId(session.Principal) is not { } accountId || TenantId(session.Principal) is not { } tenantId)
        {
            return null;
        }
        // Validation already loaded it for this request.
        if (http.Items[typeof(Account)] is Account validated && validated.Id == accountId)
        {
            return validated;
        }
        db.TenantScope = tenantId;
        return await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal || AccountId(principal) is not { } accountId || TenantId(principal) is not { } tenantId)
        {
            context.RejectPrincipal();
            return;
        }
        var db = context.HttpContext.RequestServices.GetRequiredService<DoormanDbContext>();
        var account = await db.Accounts.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId && a.Status == AccountStatus.Active,
                context.HttpContext.RequestAborted);
        if (account is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }
        context.HttpContext.Items[typeof(Account)] = account;
    }
}
