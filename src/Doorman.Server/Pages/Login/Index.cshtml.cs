using Doorman.Data;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace Doorman.Server.Pages.Login;

/// <summary><c>GET /login?account={tenant}</c>: the tenant's sign-in page; without a tenant, email-first only.</summary>
public sealed class IndexModel(DoormanDbContext db) : SignInPageModel
{
    public async Task<IActionResult> OnGetAsync(string? account, string? returnUrl, string? email, CancellationToken cancellationToken)
    {
        var local = ReturnUrls.Local(returnUrl);
        if (string.IsNullOrWhiteSpace(account))
        {
            return ShowForm(new LoginView { ReturnUrl = local, Email = email });
        }
        if (await FindTenantAsync(db, account, cancellationToken) is not { } tenant)
        {
            return ShowError(SignInFailures.TenantNotFound($"No organization is called '{account}'."));
        }
        return ShowForm(new LoginView
        {
            Tenant = tenant,
            Providers = await ButtonsAsync(db, tenant, cancellationToken),
            ReturnUrl = local,
            Email = email,
            ShowPasswordForm = true,
        });
    }
}
