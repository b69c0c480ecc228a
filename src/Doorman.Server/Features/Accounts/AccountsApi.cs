using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.Tenants;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Accounts;

public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/accounts", CreateAsync);
        tenant.MapGet("/accounts", ListAsync);
        tenant.MapGet("/accounts/{id:guid}", GetAsync);
        tenant.MapPatch("/accounts/{id:guid}", UpdateAsync);
        tenant.MapDelete("/accounts/{id:guid}/external-logins/{providerId:guid}", UnlinkAsync);
        return tenant;
    }

    private static async Task<Results<Created<AccountResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateAccountRequest request, TenantContext context, DoormanDbContext db, AuditLog audit,
        IPasswordHasher<Account> hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!AccountRules.IsValidEmail(request.Email))
        {
            errors["email"] = ["email must be a valid email address such as ada@example.com."];
        }
        AccountRules.ValidateName(request.Name, errors);
        AccountRules.ValidateRoles(request.Roles, context.Tenant, errors);
        AccountRules.ValidatePassword(request.Password, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var normalized = EmailAddress.Normalize(request.Email!);
        if (await db.Accounts.AnyAsync(a => a.NormalizedEmail == normalized, cancellationToken))
        {
            return Problems.Conflict("account.email_taken", $"An account with the email '{request.Email!.Trim()}' already exists in this tenant.");
        }
        if (await SeatsFullAsync(context.Tenant, db, cancellationToken))
        {
            return SeatsFull(context.Tenant);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var account = new Account
        {
            Id = Guid.NewGuid(),
            TenantId = context.Tenant.Id,
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
        audit.Record(context.Tenant.Id, context.Caller.Actor, "account.created", $"account:{account.Email}", AuditOutcome.Success,
            $"roles [{string.Join(", ", account.Roles)}]{(account.PasswordHash is null ? "" : ", password set")}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/tenants/{context.Tenant.Slug}/accounts/{account.Id}", AccountResponse.From(account));
    }

    private static async Task<Ok<List<AccountResponse>>> ListAsync(
        string? email, DoormanDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Accounts.AsNoTracking().Include(a => a.ExternalLogins).AsQueryable();
        if (!string.IsNullOrWhiteSpace(email))
        {
            var normalized = EmailAddress.Normalize(email);
            query = query.Where(a => a.NormalizedEmail == normalized);
        }
        var accounts = await query.OrderBy(a => a.NormalizedEmail).Take(1000).ToListAsync(cancellationToken);
        return TypedResults.Ok(accounts.Select(AccountResponse.From).ToList());
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAsync(
        Guid id, DoormanDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(db, id, cancellationToken) is { } account
            ? TypedResults.Ok(AccountResponse.From(account))
            : Problems.NotFound("account");

    private static async Task<Results<Ok<AccountResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateAccountRequest request, TenantContext context, DoormanDbContext db, AuditLog audit,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AccountRules.ValidateName(request.Name, errors);
        AccountRules.ValidateRoles(request.Roles, context.Tenant, errors);
        AccountStatus? status = request.Status switch
        {
            null => null,
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
            return Problems.Validation(errors);
        }
        if (await FindAsync(db, id, cancellationToken, tracked: true) is not { } account)
        {
            return Problems.NotFound("account");
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
        if (status is { } newStatus && newStatus != account.Status)
        {
            if (newStatus == AccountStatus.Active && await SeatsFullAsync(context.Tenant, db, cancellationToken))
            {
                return SeatsFull(context.Tenant);
            }
            changes.Add($"status {AccountResponse.StatusName(account.Status)} → {AccountResponse.StatusName(newStatus)}");
            account.Status = newStatus;
        }
        if (changes.Count > 0)
        {
            account.UpdatedAt = time.GetUtcNow().UtcDateTime;
            audit.Record(context.Tenant.Id, context.Caller.Actor, "account.updated", $"account:{account.Email}",
                AuditOutcome.Success, string.Join("; ", changes));
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok(AccountResponse.From(account));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnlinkAsync(
        Guid id, Guid providerId, TenantContext context, DoormanDbContext db, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var login = await db.ExternalLogins.SingleOrDefaultAsync(l => l.AccountId == id && l.ProviderId == providerId, cancellationToken);
        if (login is null)
        {
            return Problems.NotFound("external_login");
        }
        var email = await db.Accounts.Where(a => a.Id == id).Select(a => a.Email).SingleAsync(cancellationToken);
        db.ExternalLogins.Remove(login);
        audit.Record(context.Tenant.Id, context.Caller.Actor, "account.sso_unlinked", $"account:{email}", AuditOutcome.Success,
            $"provider {providerId}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static Task<Account?> FindAsync(DoormanDbContext db, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = db.Accounts.Include(a => a.ExternalLogins);
        return (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
    }

    /// <summary>Seats count active accounts: disabling someone frees their seat.</summary>
    internal static async Task<bool> SeatsFullAsync(Tenant tenant, DoormanDbContext db, CancellationToken cancellationToken) =>
        tenant.Seats is { } seats &&
        await db.Accounts.CountAsync(a => a.Status == AccountStatus.Active, cancellationToken) >= seats;

    private static ProblemHttpResult SeatsFull(Tenant tenant) =>
        Problems.Conflict("tenant.seats_full",
            $"Seats full: the tenant '{tenant.Slug}' has {tenant.Seats} seat(s) and all are taken by active accounts. " +
            "Disable an account or raise the seat limit.");
}
