using Doorman.Data;
using Microsoft.AspNetCore.Mvc;

namespace Doorman.Server.Pages.Admin;

public sealed class IndexModel(DoormanDbContext db) : AdminPageModel(db)
{
    protected override string Section => "providers";

    public IActionResult OnGet() => LocalRedirect("/admin/providers");
}
