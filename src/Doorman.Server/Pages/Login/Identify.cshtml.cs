using Doorman.Data;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace Doorman.Server.Pages.Login;

/// <summary>
/// <c>POST /login/identify</c>: email-first routing. No antiforgery token: the step signs no one in and
/// changes nothing, it only chooses where the browser goes next; scripts may post to it directly.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class IdentifyModel(DoormanDbContext db, LoginRouter router, SsoSignIn sso) : SignInPageModel
{
    public IActionResult OnGet(string? account) =>
        Redirect(string.IsNullOrWhiteSpace(account) ? "/login" : $"/login?account={Uri.EscapeDataString(account)}");

    public async Task<IActionResult> OnPostAsync(
        [FromForm] string? email, [FromForm] string? account, [FromForm] string? returnUrl, CancellationToken cancellationToken)
    {
        var local = ReturnUrls.Local(returnUrl);
        var tenant = await FindTenantAsync(db, account, cancellationToken);
        if (!string.IsNullOrWhiteSpace(account) && tenant is null)
        {
            return ShowError(SignInFailures.TenantNotFound($"No organization is called '{account}'."));
        }
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out _) ||
            EmailAddress.DomainOf(email) is null)
        {
            return ShowForm(new LoginView
            {
                Tenant = tenant,
                Providers = tenant is null ? [] : await ButtonsAsync(db, tenant, cancellationToken),
                ReturnUrl = local,
                Email = email,
                ShowPasswordForm = tenant is not null,
                EmailError = "Enter your work email address, such as name@company.com.",
            }, StatusCodes.Status400BadRequest);
        }

        switch (await router.RouteAsync(email, tenant, cancellationToken))
        {
            case LoginRouter.ToProvider to:
                var outcome = await sso.StartAsync(HttpContext, to.Provider, local, email, cancellationToken);
                return outcome.Error is { } error ? ShowError(error) : Redirect(outcome.RedirectTo!);
            case LoginRouter.ToTenantPicker picker:
                return ShowPicker(new TenantPicker(email, local, picker.Tenants));
            case LoginRouter.ToPassword password:
                return ShowForm(new LoginView
                {
                    Tenant = password.Tenant,
                    ReturnUrl = local,
                    Email = email,
                    AskPassword = password.Tenant is not null,
                    Notice = password.Tenant is null
                        ? "We could not find a sign-in for this email. Use the sign-in address your organization gave you."
                        : null,
                });
            default:
                throw new InvalidOperationException("Unknown route.");
        }
    }
}
