using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Providers;
using Microsoft.AspNetCore.Mvc;

namespace Doorman.Server.Pages.Admin.Providers;

/// <summary>"Connect a provider": first the type, then only the fields that type needs (the rest under Advanced).</summary>
public sealed class NewModel(DoormanDbContext db, ProviderService providers) : AdminPageModel(db)
{
    public static readonly string[] Types = ["entra", "google", "okta", "auth0", "keycloak", "oidc"];

    public ProviderForm? Form { get; private set; }
    public IReadOnlyList<string> Roles => [.. Tenant.BuiltInRoles, .. Tenant.CustomRoles];

    protected override string Section => "providers";

    public void OnGet(string? type)
    {
        if (type is not null && Types.Contains(type))
        {
            Form = ProviderForm.ForNew(type);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var form = ProviderForm.From(Request.Form);
        var saved = await providers.CreateAsync(Tenant, Actor, form.ToInput(), !form.SkipCheck, Request, cancellationToken);
        if (saved.Provider is { } provider)
        {
            return LocalRedirect($"/admin/providers/{provider.Id}?saved=true");
        }
        form.Errors = saved.Errors ?? ConflictErrors(saved.Conflict!);
        Form = form;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>A conflict is about the scheme or a domain: show it next to that field.</summary>
    public static Dictionary<string, string[]> ConflictErrors(ProviderConflict conflict) => new()
    {
        [conflict.Code == "provider.scheme_taken" ? "scheme" : "domains"] = [conflict.Detail],
    };
}
