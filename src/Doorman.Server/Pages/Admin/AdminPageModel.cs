using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Confirmations;
using Doorman.Server.Features.Notices;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Pages.Admin;

/// <summary>
/// Every admin page: only for the tenant's admins, and only ever about the admin's own tenant, which comes
/// from the session, never from the URL; the database context is scoped to it before any handler runs.
/// </summary>
[Authorize(Policy = TenantAdminRequirement.Policy)]
public abstract class AdminPageModel(DoormanDbContext db) : PageModel
{
    protected DoormanDbContext Db => db;

    public Tenant Tenant { get; private set; } = null!;
    public Account Admin { get; private set; } = null!;

    /// <summary>How the audit log names this admin.</summary>
    public string Actor => $"account:{Admin.Email}";

    protected abstract string Section { get; }

    /// <summary>Providers whose client secret expires within 30 days or has expired: every admin page says so.</summary>
    private async Task<List<SecretWarning>> SecretWarningsAsync(CancellationToken cancellationToken)
    {
        var now = HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var horizon = DateOnly.FromDateTime(now.AddDays(SecretExpiry.ReminderDays[0] + 1));
        var expiring = await db.IdentityProviders.AsNoTracking()
            .Where(p => p.ClientSecretExpiresAt != null && p.ClientSecretExpiresAt <= horizon)
            .OrderBy(p => p.ClientSecretExpiresAt)
            .Select(p => new { p.Id, p.DisplayName, ExpiresAt = p.ClientSecretExpiresAt!.Value })
            .ToListAsync(cancellationToken);
        return [.. expiring.Where(p => SecretExpiry.NearOrPast(p.ExpiresAt, now))
            .Select(p => new SecretWarning(p.Id, p.DisplayName, SecretExpiry.Describe(p.ExpiresAt, now), SecretExpiry.DaysLeft(p.ExpiresAt, now) <= 0))];
    }

    /// <summary>Set while a risky change waits for the code mailed to the admin.</summary>
    public ConfirmCodeView? Confirmation { get; private set; }

    /// <summary>
    /// The emailed-code step before a risky change. Without a code in the form (or when asked to resend), mails one
    /// and answers false with <see cref="Confirmation"/> set for the page to show; with the right code, answers true
    /// and the caller makes the change (the acceptance is audited with it); with a wrong, expired or spent code,
    /// answers false with the reason next to the code box.
    /// </summary>
    protected async Task<bool> ConfirmedAsync(
        string purpose, string what, string target, string action, IReadOnlyDictionary<string, string> hidden,
        CancellationToken cancellationToken)
    {
        var codes = HttpContext.RequestServices.GetRequiredService<ConfirmationCodes>();
        var code = Request.Form["code"].ToString();
        if (code.Length == 0 || Request.Form["resend"] == "true")
        {
            await codes.SendAsync(Admin, purpose, what, target, cancellationToken);
            Confirmation = new ConfirmCodeView(action, what, Admin.Email, null, hidden);
            return false;
        }
        var check = await codes.UseAsync(Admin, purpose, code, target, cancellationToken);
        if (check == CodeCheck.Accepted)
        {
            return true;
        }
        var left = await codes.AttemptsLeftAsync(Admin, purpose, cancellationToken);
        var error = check switch
        {
            CodeCheck.Wrong when left > 0 => $"That code is not right. {left} {(left == 1 ? "try" : "tries")} left.",
            CodeCheck.Wrong or CodeCheck.TooManyAttempts => "Too many wrong tries for this code. Send a new code.",
            CodeCheck.Expired => $"The code has expired (codes last {ConfirmationCodes.Lifetime.TotalMinutes:0} minutes). Send a new code.",
            _ => "No code is waiting for this (each code works once). Send a new code.",
        };
        Confirmation = new ConfirmCodeView(action, what, Admin.Email, error, hidden);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return false;
    }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        Admin = (Account)HttpContext.Items[typeof(Account)]!;
        db.TenantScope = Admin.TenantId;
        Tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == Admin.TenantId, HttpContext.RequestAborted);
        ViewData["TenantName"] = Tenant.Name;
        ViewData["Section"] = Section;
        ViewData[nameof(SecretWarning)] = await SecretWarningsAsync(HttpContext.RequestAborted);
        // Admin pages show keys once and personal data: never keep them in a browser or proxy cache.
        Response.Headers.CacheControl = "no-store";
        await next();
    }
}

/// <summary>A banner line: this provider's client secret expires soon, or has.</summary>
public sealed record SecretWarning(Guid ProviderId, string ProviderName, string When, bool Expired);
