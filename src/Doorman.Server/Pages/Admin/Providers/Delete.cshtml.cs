using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Providers;
using Microsoft.AspNetCore.Mvc;

namespace Doorman.Server.Pages.Admin.Providers;

/// <summary>Deleting asks first, saying what happens to linked sign-ins and who would be left unable to sign in.</summary>
public sealed class DeleteModel(DoormanDbContext db, ProviderService providers) : AdminPageModel(db)
{
    public IdentityProvider Provider { get; private set; } = null!;
    public int LinkedSignIns { get; private set; }
    public List<string> Stranded { get; private set; } = [];

    /// <summary>Why the provider can't be deleted now, when it can't.</summary>
    public string? Refused { get; private set; }

    protected override string Section => "providers";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>First post: mails the admin a code. Second post, with the right code: deletes.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!await ConfirmedAsync($"provider.delete:{id}", $"delete the provider \"{Provider.DisplayName}\"",
                $"provider:{Provider.Scheme}", $"/admin/providers/{id}/delete", new Dictionary<string, string>(), cancellationToken))
        {
            return Page();
        }
        if (await providers.DeleteAsync(Tenant, Actor, Provider, cancellationToken) is { } conflict)
        {
            Refused = conflict.Detail;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return LocalRedirect("/admin/providers");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await providers.FindAsync(id, cancellationToken) is not { } provider)
        {
            return false;
        }
        Provider = provider;
        (LinkedSignIns, Stranded) = await providers.DeleteImpactAsync(provider, cancellationToken);
        return true;
    }
}
