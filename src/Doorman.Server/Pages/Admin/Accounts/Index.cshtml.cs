using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Doorman.Server.Pages.Admin.Accounts;

public sealed class IndexModel(DoormanDbContext db, AccountService accounts) : AdminPageModel(db)
{
    private const int PageSize = 200;

    public List<Account> Accounts { get; private set; } = [];
    public string? Email { get; private set; }
    public string? NewEmail { get; private set; }
    public string? NewName { get; private set; }
    public List<string> NewRoles { get; private set; } = ["member"];
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public IReadOnlyList<string> Roles => [.. Tenant.BuiltInRoles, .. Tenant.CustomRoles];

    protected override string Section => "accounts";

    public string? Error(string field) => Errors.GetValueOrDefault(field)?.FirstOrDefault();

    public async Task OnGetAsync(string? email, CancellationToken cancellationToken)
    {
        Email = email;
        Accounts = await accounts.ListAsync(email, PageSize, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(
        [FromForm] string? email, [FromForm] string? name, [FromForm] List<string>? roles, [FromForm] string? password,
        CancellationToken cancellationToken)
    {
        var saved = await accounts.CreateAsync(Tenant, Actor,
            new CreateAccountRequest(email, name, roles, string.IsNullOrEmpty(password) ? null : password), cancellationToken);
        if (saved.Account is { } account)
        {
            return LocalRedirect($"/admin/accounts/{account.Id}");
        }
        Errors = saved.Errors ?? new() { [saved.Conflict!.Code == "account.email_taken" ? "email" : "roles"] = [saved.Conflict.Detail] };
        (NewEmail, NewName, NewRoles) = (email, name, roles ?? []);
        Accounts = await accounts.ListAsync(null, PageSize, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
