using Doorman.Data;
using Doorman.Data.Entities;
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

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        Admin = (Account)HttpContext.Items[typeof(Account)]!;
        db.TenantScope = Admin.TenantId;
        Tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == Admin.TenantId, HttpContext.RequestAborted);
        ViewData["TenantName"] = Tenant.Name;
        ViewData["Section"] = Section;
        // Admin pages show keys once and personal data: never keep them in a browser or proxy cache.
        Response.Headers.CacheControl = "no-store";
        await next();
    }
}
