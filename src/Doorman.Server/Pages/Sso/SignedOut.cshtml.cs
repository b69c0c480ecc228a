using Doorman.Data;
using Doorman.Server.Features.Providers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Pages.Sso;

/// <summary><c>GET /signout-callback-{scheme}</c>: the provider is done logging out; back to the tenant's sign-in page.</summary>
public sealed class SignedOutModel(DoormanDbContext db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string scheme, CancellationToken cancellationToken)
    {
        var normalized = ProviderMapper.NormalizeScheme(scheme);
        var slug = await db.IdentityProviders.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.NormalizedScheme == normalized)
            .Join(db.Tenants, p => p.TenantId, t => t.Id, (p, t) => t.Slug)
            .SingleOrDefaultAsync(cancellationToken);
        return LocalRedirect(slug is null ? "/login" : $"/login?account={Uri.EscapeDataString(slug)}");
    }
}
