using Doorman.Data;
using Doorman.Server.Features.ApiKeys;
using Microsoft.AspNetCore.Mvc;

namespace Doorman.Server.Pages.Admin.ApiKeys;

public sealed class IndexModel(DoormanDbContext db, ApiKeyService keys) : AdminPageModel(db)
{
    public List<ApiKeyResponse> Keys { get; private set; } = [];
    public CreatedApiKeyResponse? Created { get; private set; }
    public string? TypedName { get; private set; }
    public string? NameError { get; private set; }

    protected override string Section => "api-keys";

    public async Task OnGetAsync(CancellationToken cancellationToken) => Keys = await keys.ListAsync(Tenant, cancellationToken);

    public async Task<IActionResult> OnPostAsync([FromForm] string? name, CancellationToken cancellationToken)
    {
        Created = await keys.CreateAsync(Tenant, Actor, name, cancellationToken);
        if (Created is null)
        {
            (TypedName, NameError) = (name, ApiKeyService.NameError);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Keys = await keys.ListAsync(Tenant, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync([FromForm] Guid id, CancellationToken cancellationToken)
    {
        await keys.RevokeAsync(Tenant, Actor, id, cancellationToken);
        return LocalRedirect("/admin/api-keys");
    }
}
