using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Doorman.Server.Pages;

/// <summary>The default landing page after sign-in: who is signed in, and a way out.</summary>
public sealed class IndexModel(DoormanDbContext db) : PageModel
{
    public Account? Account { get; private set; }
    public string? TenantSlug { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Account = await Sessions.CurrentAccountAsync(HttpContext, db, cancellationToken);
        if (Account is null)
        {
            return LocalRedirect("/login");
        }
        TenantSlug = User.FindFirst(Sessions.TenantSlugClaim)?.Value;
        return Page();
    }
}
