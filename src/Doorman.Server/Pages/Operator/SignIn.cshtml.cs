using Doorman.Data;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Doorman.Server.Pages.Operator;

[EnableRateLimiting(SignInSetup.PasswordRateLimit)]
public sealed class SignInModel(DoormanDbContext db) : PageModel
{
    public bool Refused { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await OperatorSession.SignInAsync(HttpContext, db, Request.Form["key"].ToString()))
        {
            return LocalRedirect("/operator/outbox");
        }
        Refused = true;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
