using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Providers;
using Doorman.Server.Features.Scim;
using Doorman.Server.Features.Tenants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Pages.Admin.Provisioning;

/// <summary>
/// SCIM provisioning: the service's URL, the tokens the organization's providers use (created, shown once, revoked)
/// and what a SCIM DELETE of a user does.
/// </summary>
public sealed class IndexModel(DoormanDbContext db, ScimTokenService tokens, TenantService tenants, PublicUrls urls) : AdminPageModel(db)
{
    public List<ScimTokenResponse> Tokens { get; private set; } = [];
    public Dictionary<Guid, string> Providers { get; private set; } = [];
    public CreatedScimToken? Created { get; private set; }
    public string? TypedName { get; private set; }
    public Guid? TypedProvider { get; private set; }
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public int ProvisionedUsers { get; private set; }
    public List<GroupRow> Groups { get; private set; } = [];
    public bool Saved { get; private set; }

    public string BaseUrl => ScimTokensApi.ScimBaseUrl(urls, Request, Tenant);

    protected override string Section => "provisioning";

    public string? Error(string field) => Errors.GetValueOrDefault(field)?.FirstOrDefault();

    public async Task OnGetAsync(bool saved, CancellationToken cancellationToken)
    {
        Saved = saved;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? name, [FromForm] Guid? providerId, CancellationToken cancellationToken)
    {
        (Created, Errors) = await tokens.CreateAsync(Tenant, Actor, name, providerId, cancellationToken);
        if (Created is null)
        {
            (TypedName, TypedProvider) = (name, providerId);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync([FromForm] Guid id, CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(Tenant, Actor, id, cancellationToken);
        return LocalRedirect("/admin/provisioning");
    }

    public async Task<IActionResult> OnPostDeleteActionAsync([FromForm] string? scimDelete, CancellationToken cancellationToken)
    {
        var tracked = await Db.Tenants.SingleAsync(t => t.Id == Tenant.Id, cancellationToken);
        Errors = await tenants.UpdateAsync(tracked, Actor, new UpdateTenantRequest(null, null, null, null, scimDelete ?? ""), cancellationToken);
        if (Errors.Count == 0)
        {
            return LocalRedirect("/admin/provisioning?saved=true");
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tokens = await tokens.ListAsync(cancellationToken);
        Providers = await Db.IdentityProviders.AsNoTracking().OrderBy(p => p.CreatedAt)
            .ToDictionaryAsync(p => p.Id, p => p.DisplayName, cancellationToken);
        ProvisionedUsers = await Db.Accounts.CountAsync(a => a.ScimUserName != null && a.ScimDeprovisionedAt == null, cancellationToken);
        var mappings = await Db.IdentityProviders.AsNoTracking()
            .ToDictionaryAsync(p => p.Id, p => p.GroupRoleMappings.ToList(), cancellationToken);
        var groups = await Db.ScimGroups.AsNoTracking().OrderBy(g => g.NormalizedDisplayName)
            .Select(g => new { g.DisplayName, g.ExternalId, g.ProviderId, Members = g.Members.Count })
            .ToListAsync(cancellationToken);
        Groups = [.. groups.Select(g => new GroupRow(g.DisplayName, g.ExternalId, Providers.GetValueOrDefault(g.ProviderId) ?? "", g.Members,
            [.. mappings.GetValueOrDefault(g.ProviderId, [])
                .Where(m => m.Group == g.DisplayName || m.Group == g.ExternalId).Select(m => m.Role).Distinct()]))];
    }

    /// <summary>A SCIM group as the page lists it, with the roles its provider's mappings give its members.</summary>
    public sealed record GroupRow(string DisplayName, string? ExternalId, string Provider, int Members, List<string> Roles);

    public bool DeleteKeepsActive => Tenant.ScimDeleteAction == ScimDeleteAction.KeepActive;
}
