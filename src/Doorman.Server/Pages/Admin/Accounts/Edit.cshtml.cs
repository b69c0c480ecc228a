using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Accounts;
using Doorman.Server.Features.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Pages.Admin.Accounts;

public sealed class EditModel(DoormanDbContext db, AccountService accounts) : AdminPageModel(db)
{
    public sealed record Login(Guid ProviderId, string ProviderName, string Subject, DateTime? LastSignInAt);

    public Account Account { get; private set; } = null!;
    public List<Login> Logins { get; private set; } = [];

    /// <summary>The SCIM groups the account is in, when a provider provisions it.</summary>
    public List<string> ScimGroups { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public string? Message { get; private set; }

    /// <summary>The name as typed, shown again when the save is refused.</summary>
    public string? TypedName { get; private set; }
    public bool Active => Account.Status == AccountStatus.Active;

    /// <summary>When password sign-in to the account is paused after wrong passwords, until when.</summary>
    public DateTime? PasswordPausedUntil => TryLimit.Password.PausedUntil(Account, Now);

    /// <summary>When the account's authenticator codes are not checked after wrong codes, until when.</summary>
    public DateTime? MfaPausedUntil => TryLimit.Mfa.PausedUntil(Account, Now);

    private DateTime Now => HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
    public IReadOnlyList<string> Roles => [.. Tenant.BuiltInRoles, .. Tenant.CustomRoles];

    protected override string Section => "accounts";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostAsync(
        Guid id, [FromForm] string? name, [FromForm] List<string>? roles, [FromForm] bool requireMfa, CancellationToken cancellationToken) =>
        UpdateAsync(id, new UpdateAccountRequest(name ?? "", roles ?? [], null, requireMfa), "Saved.", cancellationToken);

    public Task<IActionResult> OnPostStatusAsync(Guid id, [FromForm] string? status, CancellationToken cancellationToken) =>
        UpdateAsync(id, new UpdateAccountRequest(null, null, status), status == "active" ? "Account enabled." : "Account disabled.", cancellationToken);

    public async Task<IActionResult> OnPostUnlinkAsync(Guid id, [FromForm] Guid providerId, CancellationToken cancellationToken)
    {
        var removed = await accounts.UnlinkAsync(Tenant, Actor, id, providerId, cancellationToken);
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Message = removed ? "Single sign-on binding removed. The next sign-in through that provider links again by email, if allowed." : null;
        return Page();
    }

    private async Task<IActionResult> UpdateAsync(Guid id, UpdateAccountRequest request, string done, CancellationToken cancellationToken)
    {
        var saved = await accounts.UpdateAsync(Tenant, Actor, id, request, cancellationToken);
        if (saved is { Account: null, Errors: null, Conflict: null } || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (saved.Account is null)
        {
            Errors = saved.Errors ?? new() { ["status"] = [saved.Conflict!.Detail] };
            TypedName = request.Name;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Message = done;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await accounts.FindAsync(id, cancellationToken) is not { } account)
        {
            return false;
        }
        Account = account;
        var providerIds = account.ExternalLogins.Select(l => l.ProviderId).ToList();
        var names = await Db.IdentityProviders.Where(p => providerIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.DisplayName, cancellationToken);
        Logins = [.. account.ExternalLogins.Select(l => new Login(l.ProviderId, names.GetValueOrDefault(l.ProviderId, "?"), l.Subject, l.LastSignInAt))];
        ScimGroups = await Db.ScimGroupMembers.Where(m => m.AccountId == id)
            .Join(Db.ScimGroups, m => m.GroupId, g => g.Id, (_, g) => g.DisplayName).Order().ToListAsync(cancellationToken);
        return true;
    }
}
