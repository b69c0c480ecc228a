using Doorman.Data;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Doorman.Server.Pages.Login;

/// <summary><c>POST /login/password</c>: password sign-in, with an antiforgery token (stops login CSRF) and a rate limit.</summary>
[EnableRateLimiting(SignInSetup.PasswordRateLimit)]
public sealed class PasswordModel(DoormanDbContext db, PasswordSignIn passwords) : SignInPageModel
{
    public IActionResult OnGet(string? account) =>
        Redirect(string.IsNullOrWhiteSpace(account) ? "/login" : $"/login?account={Uri.EscapeDataString(account)}");

    public async Task<IActionResult> OnPostAsync(
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? account, [FromForm] string? returnUrl,
        CancellationToken cancellationToken)
    {
        var local = ReturnUrls.Local(returnUrl);
        if (await FindTenantAsync(db, account, cancellationToken) is not { } tenant)
        {
            return ShowError(SignInFailures.TenantNotFound($"No organization is called '{account}'."));
        }
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || password.Length > 256 || email.Length > 254)
        {
            return Form(tenant, email, local, "Enter your email and password.", StatusCodes.Status400BadRequest);
        }
        var (next, error) = await passwords.SignInAsync(HttpContext, tenant, email.Trim(), password, local, cancellationToken);
        if (error is not null)
        {
            return error.Code == SignInFailures.PasswordInvalidCode
                ? Form(tenant, email, local, $"{SignInErrorText.For(error).Title}. {SignInErrorText.For(error).WhatToDo}", error.Status)
                : ShowError(error);
        }
        return LocalRedirect(next!);
    }

    private IActionResult Form(Data.Entities.Tenant tenant, string? email, string returnUrl, string message, int status) =>
        ShowForm(new LoginView { Tenant = tenant, Email = email, ReturnUrl = returnUrl, AskPassword = true, PasswordError = message }, status);
}
