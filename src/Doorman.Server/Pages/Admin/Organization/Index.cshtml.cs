using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Tenants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Pages.Admin.Organization;

/// <summary>The organization's name and its own roles. Seats are shown, not changed here.</summary>
public sealed class IndexModel(DoormanDbContext db, TenantService tenants) : AdminPageModel(db)
{
    public int ActiveAccounts { get; private set; }
    public bool Saved { get; private set; }
    public string? TypedName { get; private set; }
    public string? TypedRoles { get; private set; }
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    protected override string Section => "organization";

    public string? Error(string field) => Errors.GetValueOrDefault(field)?.FirstOrDefault();

    public async Task OnGetAsync(bool saved, CancellationToken cancellationToken)
    {
        Saved = saved;
        ActiveAccounts = await Db.Accounts.CountAsync(a => a.Status == AccountStatus.Active, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? name, [FromForm] string? roles, CancellationToken cancellationToken)
    {
        var tracked = await Db.Tenants.SingleAsync(t => t.Id == Tenant.Id, cancellationToken);
        var list = (roles ?? "").Split(['\n', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        Errors = await tenants.UpdateAsync(tracked, Actor, new UpdateTenantRequest(name ?? "", null, null, list), cancellationToken);
        if (Errors.Count == 0)
        {
            return LocalRedirect("/admin/organization?saved=true");
        }
        (TypedName, TypedRoles) = (name, roles);
        ActiveAccounts = await Db.Accounts.CountAsync(a => a.Status == AccountStatus.Active, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
