using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Accounts;

/// <summary>A rule only the database can tell: the email is taken, or every seat is.</summary>
public sealed record AccountConflict(string Code, string Detail);

/// <summary>The account, or the field errors, or the conflict; all null means "no such account".</summary>
public sealed record AccountSave(Account? Account, Dictionary<string, string[]>? Errors, AccountConflict? Conflict);

/// <summary>
/// Creates and changes a tenant's accounts, with their audit records, for the admin API and the admin pages
/// alike. The database context must already be scoped to the tenant.
/// </summary>
public sealed class AccountService(DoormanDbContext db, AuditLog audit, IPasswordHasher<Account> hasher, TimeProvider time)
{
    public Task<Account?> FindAsync(Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = db.Accounts.Include(a => a.ExternalLogins);
        return (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
    }

    /// <summary>Accounts by exact email (any case), or all when none is given; at most <paramref name="limit"/>.</summary>
    public Task<List<Account>> ListAsync(string? email, int limit, CancellationToken cancellationToken)
    {
        var query = db.Accounts.AsNoTracking().Include(a => a.ExternalLogins).AsQueryable();
        if (!string.IsNullOrWhiteSpace(email))
        {
            var normalized = EmailAddress.Normalize(email);
            query = query.Where(a => a.NormalizedEmail == normalized);
        }
        return query.OrderBy(a => a.NormalizedEmail).Take(limit).ToListAsync(cancellationToken);
    }

    public Task<AccountSave> CreateAsync(Tenant tenant, string actor, CreateAccountRequest request, CancellationToken cancellationToken) =>
        SeatLock.HoldAsync(db, tenant, () => CreateHoldingSeatsAsync(tenant, actor, request, cancellationToken), cancellationToken);

    private async Task<AccountSave> CreateHoldingSeatsAsync(Tenant tenant, string actor, CreateAccountRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!AccountRules.IsValidEmail(request.Email))
        {
            errors["email"] = ["email must be a valid email address such as ada@example.com."];
        }
        AccountRules.ValidateName(request.Name, errors);
        AccountRules.ValidateRoles(request.Roles, tenant, errors);
        AccountRules.ValidatePassword(request.Password, errors);
        if (errors.Count > 0)
        {
            return new AccountSave(null, errors, null);
        }

        var normalized = EmailAddress.Normalize(request.Email!);
        if (await db.Accounts.AnyAsync(a => a.NormalizedEmail == normalized, cancellationToken))
        {
            return new AccountSave(null, null, new AccountConflict("account.email_taken",
                $"An account with the email '{request.Email!.Trim()}' already exists in this tenant."));
        }
        if (await SeatsFullAsync(tenant, db, cancellationToken))
        {
            return new AccountSave(null, null, SeatsFull(tenant));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var account = new Account
        {
            Id = Guid.NewGuid(),
            TenantId = tenant.Id,
            Name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim(),
            Roles = request.Roles is { Count: > 0 } ? request.Roles.Distinct(StringComparer.Ordinal).ToList() : ["member"],
            Status = AccountStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
        };
        account.SetEmail(request.Email!);
        if (request.Password is not null)
        {
            account.PasswordHash = hasher.HashPassword(account, request.Password);
        }
        db.Accounts.Add(account);
        audit.Record(tenant.Id, actor, "account.created", $"account:{account.Email}", AuditOutcome.Success,
            $"roles [{string.Join(", ", account.Roles)}]{(account.PasswordHash is null ? "" : ", password set")}");
        await db.SaveChangesAsync(cancellationToken);
        return new AccountSave(account, null, null);
    }

    /// <summary>Changes name, roles, status or the MFA requirement; activating takes a seat (under the tenant's seat lock).</summary>
    public Task<AccountSave> UpdateAsync(Tenant tenant, string actor, Guid id, UpdateAccountRequest request, CancellationToken cancellationToken) =>
        request.Status == "active"
            ? SeatLock.HoldAsync(db, tenant, () => UpdateHoldingSeatsAsync(tenant, actor, id, request, cancellationToken), cancellationToken)
            : UpdateHoldingSeatsAsync(tenant, actor, id, request, cancellationToken);

    private async Task<AccountSave> UpdateHoldingSeatsAsync(
        Tenant tenant, string actor, Guid id, UpdateAccountRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AccountRules.ValidateName(request.Name, errors);
        AccountRules.ValidateRoles(request.Roles, tenant, errors);
        AccountStatus? status = request.Status switch
        {
            "active" => AccountStatus.Active,
            "disabled" => AccountStatus.Disabled,
            _ => null,
        };
        if (request.Status is not null && status is null)
        {
            errors["status"] = ["status must be 'active' or 'disabled'."];
        }
        if (errors.Count > 0)
        {
            return new AccountSave(null, errors, null);
        }
        if (await FindAsync(id, cancellationToken, tracked: true) is not { } account)
        {
            return new AccountSave(null, null, null);
        }

        var changes = new List<string>();
        if (request.Name is not null && request.Name.Trim() != (account.Name ?? ""))
        {
            changes.Add($"name '{account.Name}' → '{request.Name.Trim()}'");
            account.Name = request.Name.Trim().Length == 0 ? null : request.Name.Trim();
        }
        if (request.Roles is not null)
        {
            var roles = request.Roles.Distinct(StringComparer.Ordinal).ToList();
            if (!roles.SequenceEqual(account.Roles, StringComparer.Ordinal))
            {
                changes.Add($"roles [{string.Join(", ", account.Roles)}] → [{string.Join(", ", roles)}]");
                account.Roles = roles;
            }
        }
        if (request.RequireMfa is { } requireMfa && requireMfa != account.RequireMfa)
        {
            changes.Add($"requireMfa {account.RequireMfa.ToString().ToLowerInvariant()} → {requireMfa.ToString().ToLowerInvariant()}");
            account.RequireMfa = requireMfa;
        }
        if (status is { } newStatus && newStatus != account.Status)
        {
            if (newStatus == AccountStatus.Active && await SeatsFullAsync(tenant, db, cancellationToken))
            {
                return new AccountSave(null, null, SeatsFull(tenant));
            }
            changes.Add($"status {AccountResponse.StatusName(account.Status)} → {AccountResponse.StatusName(newStatus)}");
            account.Status = newStatus;
        }
        if (changes.Count > 0)
        {
            account.UpdatedAt = time.GetUtcNow().UtcDateTime;
            audit.Record(tenant.Id, actor, "account.updated", $"account:{account.Email}", AuditOutcome.Success, string.Join("; ", changes));
            await db.SaveChangesAsync(cancellationToken);
        }
        return new AccountSave(account, null, null);
    }

    /// <summary>
    /// Sets or changes the account's own password. Changing one needs the current password, so a session left
    /// open on a shared computer cannot take the account over. Returns field errors, empty on success.
    /// </summary>
    public async Task<Dictionary<string, string[]>> ChangePasswordAsync(
        Tenant tenant, Account account, string? current, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (account.PasswordHash is not null &&
            (current is null || hasher.VerifyHashedPassword(account, account.PasswordHash, current) == PasswordVerificationResult.Failed))
        {
            errors["currentPassword"] = ["The current password is not right."];
        }
        AccountRules.ValidatePassword(password ?? "", errors);
        if (password != confirmation)
        {
            errors["confirmPassword"] = ["The two new passwords differ."];
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        var tracked = await db.Accounts.SingleAsync(a => a.Id == account.Id, cancellationToken);
        var had = tracked.PasswordHash is not null;
        tracked.PasswordHash = hasher.HashPassword(tracked, password!);
        tracked.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(tenant.Id, $"account:{tracked.Email}", had ? "account.password_changed" : "account.password_set",
            $"account:{tracked.Email}", AuditOutcome.Success);
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>Removes an account's binding to a provider; false when there is none.</summary>
    public async Task<bool> UnlinkAsync(Tenant tenant, string actor, Guid id, Guid providerId, CancellationToken cancellationToken)
    {
        var login = await db.ExternalLogins.SingleOrDefaultAsync(l => l.AccountId == id && l.ProviderId == providerId, cancellationToken);
        if (login is null)
        {
            return false;
        }
        var email = await db.Accounts.Where(a => a.Id == id).Select(a => a.Email).SingleAsync(cancellationToken);
        db.ExternalLogins.Remove(login);
        audit.Record(tenant.Id, actor, "account.sso_unlinked", $"account:{email}", AuditOutcome.Success, $"provider {providerId}");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Seats count active accounts: disabling someone frees their seat.</summary>
    internal static async Task<bool> SeatsFullAsync(Tenant tenant, DoormanDbContext db, CancellationToken cancellationToken) =>
        tenant.Seats is { } seats &&
        await db.Accounts.CountAsync(a => a.Status == AccountStatus.Active, cancellationToken) >= seats;

    private static AccountConflict SeatsFull(Tenant tenant) => new("tenant.seats_full",
        $"Seats full: the tenant '{tenant.Slug}' has {tenant.Seats} seat(s) and all are taken by active accounts. " +
        "Disable an account or raise the seat limit.");
}
