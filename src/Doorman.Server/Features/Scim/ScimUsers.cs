using System.Text.Json.Nodes;
using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Accounts;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.SignIn;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Scim;

/// <summary>
/// SCIM users are the tenant's accounts. A user's <c>externalId</c> is bound as the subject of the token's provider,
/// so the person's SSO sign-in lands in the provisioned account. Deprovisioning (<c>active: false</c>, or DELETE
/// unless the tenant keeps such accounts active) disables the account, which ends its sessions at once; nothing is
/// deleted, and provisioning again restores it. PATCH works on the user's SCIM document and then saves it as PUT would.
/// </summary>
public sealed class ScimUsers(DoormanDbContext db, ScimContext scim, AuditLog audit, TimeProvider time)
{
    public const int MaxCount = 1000;

    public async Task<JsonObject> ListAsync(string? filter, int startIndex, int count, string baseUrl, CancellationToken cancellationToken)
    {
        var query = db.Accounts.AsNoTracking().Where(a => a.ScimDeprovisionedAt == null);
        if (!string.IsNullOrWhiteSpace(filter))
        {
            query = query.Where(ScimUserFilter.ToExpression(ScimFilterParser.Parse(filter)));
        }
        var total = await query.CountAsync(cancellationToken);
        var page = count <= 0 ? [] : await query.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Skip(startIndex - 1).Take(Math.Min(count, MaxCount)).ToListAsync(cancellationToken);
        var groups = await GroupsAsync([.. page.Select(a => a.Id)], cancellationToken);
        return ScimResults.List(total, startIndex, page.Select(a => ToResource(a, groups[a.Id], baseUrl)));
    }

    /// <summary>The user's SCIM document, with its groups.</summary>
    public async Task<JsonObject> ResourceAsync(Account account, string baseUrl, CancellationToken cancellationToken) =>
        ToResource(account, (await GroupsAsync([account.Id], cancellationToken))[account.Id], baseUrl);

    /// <summary>The SCIM groups each account is in (the read-only <c>groups</c> attribute).</summary>
    private async Task<Dictionary<Guid, List<(Guid Id, string Display)>>> GroupsAsync(List<Guid> accountIds, CancellationToken cancellationToken)
    {
        var rows = await db.ScimGroupMembers.Where(m => accountIds.Contains(m.AccountId))
            .Join(db.ScimGroups, m => m.GroupId, g => g.Id, (m, g) => new { m.AccountId, g.Id, g.DisplayName })
            .ToListAsync(cancellationToken);
        var byAccount = accountIds.ToDictionary(id => id, _ => new List<(Guid, string)>());
        foreach (var row in rows)
        {
            byAccount[row.AccountId].Add((row.Id, row.DisplayName));
        }
        return byAccount;
    }

    public async Task<Account?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Accounts.Include(a => a.ExternalLogins).SingleOrDefaultAsync(a => a.Id == id && a.ScimDeprovisionedAt == null, cancellationToken);

    /// <summary>Creates the account, or restores a deprovisioned one with the same userName or externalId.</summary>
    public Task<(Account Account, bool Created)> CreateAsync(JsonObject resource, CancellationToken cancellationToken) =>
        SeatLock.HoldAsync(db, scim.Tenant, () => CreateHoldingSeatsAsync(resource, cancellationToken), cancellationToken);

    private async Task<(Account Account, bool Created)> CreateHoldingSeatsAsync(JsonObject resource, CancellationToken cancellationToken)
    {
        var user = ScimUserInput.From(resource);
        // One indexed lookup per column (an OR across them scans the tenant's accounts on SQLite).
        var (userName, email) = (Doorman.Data.EmailAddress.Normalize(user.UserName), Doorman.Data.EmailAddress.Normalize(user.Email));
        var matches = db.Accounts.Where(a => a.NormalizedScimUserName == userName).Select(a => a.Id)
            .Concat(db.Accounts.Where(a => a.NormalizedEmail == email).Select(a => a.Id));
        if (user.ExternalId is { } externalId)
        {
            matches = matches.Concat(db.Accounts.Where(a => a.ScimExternalId == externalId).Select(a => a.Id));
        }
        var ids = await matches.Distinct().ToListAsync(cancellationToken);
        var existing = ids.Count == 0 ? []
            : await db.Accounts.Include(a => a.ExternalLogins).Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        if (existing.FirstOrDefault(a => a.ScimDeprovisionedAt == null) is { } taken)
        {
            throw ScimException.Uniqueness(
                $"A user with userName '{user.UserName}', email '{user.Email}' or externalId '{user.ExternalId}' exists already (id {taken.Id}).");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var account = existing.FirstOrDefault();
        var created = account is null;
        if (account is null)
        {
            var defaultRole = await db.IdentityProviders.Where(p => p.Id == scim.Token.ProviderId).Select(p => p.DefaultRole).SingleAsync(cancellationToken);
            // Disabled until seats are checked as it becomes active.
            account = new Account
            {
                Id = Guid.NewGuid(), TenantId = scim.Tenant.Id, Roles = [defaultRole], Status = AccountStatus.Disabled, CreatedAt = now,
            };
            db.Accounts.Add(account);
        }
        else
        {
            account.ScimDeprovisionedAt = null;
        }
        await ApplyAsync(account, user, cancellationToken);
        audit.Record(scim.Tenant.Id, scim.Actor, created ? "account.created" : "account.reprovisioned", $"account:{account.Email}",
            AuditOutcome.Success, $"through SCIM; userName {user.UserName}{(user.ExternalId is null ? "" : $", externalId {user.ExternalId}")}");
        await SaveAsync(cancellationToken);
        return (account, created);
    }

    public Task ReplaceAsync(Account account, JsonObject resource, CancellationToken cancellationToken) =>
        SeatLock.HoldAsync(db, scim.Tenant, () => ReplaceHoldingSeatsAsync(account, resource, cancellationToken), cancellationToken);

    private async Task ReplaceHoldingSeatsAsync(Account account, JsonObject resource, CancellationToken cancellationToken)
    {
        var before = account.Status;
        await ApplyAsync(account, ScimUserInput.From(resource), cancellationToken);
        audit.Record(scim.Tenant.Id, scim.Actor, before != account.Status
                ? account.Status == AccountStatus.Active ? "account.reactivated" : "account.deprovisioned"
                : "account.updated",
            $"account:{account.Email}", AuditOutcome.Success, "through SCIM");
        await SaveAsync(cancellationToken);
    }

    public async Task PatchAsync(Account account, JsonObject patch, string baseUrl, CancellationToken cancellationToken)
    {
        var resource = ToResource(account, [], baseUrl);
        ScimPatch.Apply(resource, patch);
        await ReplaceAsync(account, resource, cancellationToken);
    }

    /// <summary>
    /// DELETE: the account is hidden from SCIM and leaves its SCIM groups (its roles stay as they are). Per the
    /// tenant's setting it is disabled (its sessions end at once) or left active; it is never removed, and
    /// provisioning it again restores it.
    /// </summary>
    public async Task DeleteAsync(Account account, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var disable = scim.Tenant.ScimDeleteAction == ScimDeleteAction.Disable;
        if (disable)
        {
            account.Status = AccountStatus.Disabled;
        }
        account.ScimDeprovisionedAt = now;
        account.UpdatedAt = now;
        db.ScimGroupMembers.RemoveRange(await db.ScimGroupMembers.Where(m => m.AccountId == account.Id).ToListAsync(cancellationToken));
        audit.Record(scim.Tenant.Id, scim.Actor, disable ? "account.deprovisioned" : "account.released", $"account:{account.Email}",
            AuditOutcome.Success, disable
                ? "deleted through SCIM: disabled, data kept"
                : "deleted through SCIM: left active as the organization's setting says; SCIM no longer manages it");
        await SaveAsync(cancellationToken);
    }

    private async Task ApplyAsync(Account account, ScimUserInput user, CancellationToken cancellationToken)
    {
        if (await db.Accounts.AnyAsync(a => a.Id != account.Id && (
                a.NormalizedScimUserName == Doorman.Data.EmailAddress.Normalize(user.UserName) ||
                a.NormalizedEmail == Doorman.Data.EmailAddress.Normalize(user.Email)), cancellationToken))
        {
            throw ScimException.Uniqueness($"Another user has userName '{user.UserName}' or email '{user.Email}'.");
        }
        if (user.Active && account.Status != AccountStatus.Active && await AccountService.SeatsFullAsync(scim.Tenant, db, cancellationToken))
        {
            throw new ScimException(StatusCodes.Status409Conflict, "invalidValue",
                $"Seats full: the organization has {scim.Tenant.Seats} seat(s) and all are taken by active users. " +
                "Deprovision someone or ask for more seats.");
        }
        account.SetScimUserName(user.UserName);
        account.SetEmail(user.Email);
        account.Name = user.DisplayName;
        account.Status = user.Active ? AccountStatus.Active : AccountStatus.Disabled;
        account.ScimAttributes = user.Attributes.ToJsonString();
        account.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await BindExternalIdAsync(account, user.ExternalId, cancellationToken);
    }

    /// <summary>The externalId is the subject the token's provider signs people in with.</summary>
    private async Task BindExternalIdAsync(Account account, string? externalId, CancellationToken cancellationToken)
    {
        var providerId = scim.Token.ProviderId;
        var current = account.ExternalLogins.FirstOrDefault(l => l.ProviderId == providerId && l.Subject == account.ScimExternalId);
        account.ScimExternalId = externalId;
        if (current is not null && current.Subject == externalId)
        {
            return;
        }
        if (current is not null)
        {
            account.ExternalLogins.Remove(current);
        }
        if (externalId is null || account.ExternalLogins.Any(l => l.ProviderId == providerId && l.Subject == externalId))
        {
            return;
        }
        if (await db.ExternalLogins.AnyAsync(l => l.ProviderId == providerId && l.Subject == externalId && l.AccountId != account.Id, cancellationToken))
        {
            throw ScimException.Uniqueness($"externalId '{externalId}' already signs another user in through this provider.");
        }
        account.ExternalLogins.Add(AccountResolver.NewLogin(account, providerId, externalId, time.GetUtcNow().UtcDateTime, signedIn: false));
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw ScimException.Uniqueness("Another request created a user with the same userName, email or externalId at the same moment.");
        }
    }

    public static JsonObject ToResource(Account account, List<(Guid Id, string Display)> groups, string baseUrl)
    {
        var resource = account.ScimAttributes is { } stored ? JsonNode.Parse(stored)!.AsObject() : [];
        var schemas = new JsonArray(ScimAttributes.UserSchema);
        if (resource.ContainsKey(ScimAttributes.EnterpriseSchema))
        {
            schemas.Add(ScimAttributes.EnterpriseSchema);
        }
        resource["schemas"] = schemas;
        resource["id"] = account.Id.ToString();
        if (account.ScimExternalId is { } externalId)
        {
            resource["externalId"] = externalId;
        }
        resource["userName"] = account.ScimUserName ?? account.Email;
        if (account.Name is { } name)
        {
            resource["displayName"] = name;
        }
        resource["active"] = account.Status == AccountStatus.Active;
        var emails = resource["emails"] as JsonArray ?? [];
        if (!emails.Any(e => string.Equals(e?["value"]?.GetValue<string>(), account.Email, StringComparison.OrdinalIgnoreCase)))
        {
            emails.Insert(0, new JsonObject { ["value"] = account.Email, ["type"] = "work", ["primary"] = true });
        }
        resource["emails"] = emails;
        if (groups.Count > 0)
        {
            resource["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject
            {
                ["value"] = g.Id.ToString(),
                ["display"] = g.Display,
                ["type"] = "direct",
                ["$ref"] = $"{baseUrl}/Groups/{g.Id}",
            })]);
        }
        resource["meta"] = ScimResults.Meta("User", account.CreatedAt, account.UpdatedAt, $"{baseUrl}/Users/{account.Id}");
        return resource;
    }
}

/// <summary>A SCIM user document, checked: what Doorman needs from it, and the rest it keeps.</summary>
internal sealed record ScimUserInput(string UserName, string Email, string? DisplayName, bool Active, string? ExternalId, JsonObject Attributes)
{
    public static ScimUserInput From(JsonObject resource)
    {
        if (resource["schemas"] is not JsonArray schemas ||
            !schemas.Any(s => s?.GetValueKind() == System.Text.Json.JsonValueKind.String && s.GetValue<string>() == ScimAttributes.UserSchema))
        {
            throw ScimException.InvalidSyntax($"schemas must include '{ScimAttributes.UserSchema}'.");
        }
        var userName = Text(resource, "userName") ?? throw ScimException.InvalidValue("userName is required.");
        if (userName.Length > 320)
        {
            throw ScimException.InvalidValue("userName is longer than 320 characters.");
        }
        var email = PrimaryEmail(resource) ?? (userName.Contains('@') ? userName : null);
        if (email is null || !AccountRules.IsValidEmail(email))
        {
            throw ScimException.InvalidValue("An email is required: emails[].value (primary or work), or a userName that is an email address.");
        }
        var attributes = new JsonObject();
        foreach (var (key, value) in resource)
        {
            var name = ScimAttributes.Canonical(key);
            if (name is "userName" or "externalId" or "displayName" or "active" || !ScimAttributes.User.Contains(name) || value is null)
            {
                continue;
            }
            attributes[name] = value.DeepClone();
        }
        return new ScimUserInput(userName.Trim(), email.Trim(), DisplayNameOf(resource), Flag(resource["active"]) ?? true,
            Text(resource, "externalId"), attributes);
    }

    private static string? DisplayNameOf(JsonObject resource) =>
        Text(resource, "displayName") ?? (resource["name"] as JsonObject) switch
        {
            { } name when Text(name, "formatted") is { } formatted => formatted,
            { } name when $"{Text(name, "givenName")} {Text(name, "familyName")}".Trim() is { Length: > 0 } joined => joined,
            _ => null,
        };

    private static string? PrimaryEmail(JsonObject resource)
    {
        if (resource["emails"] is not JsonArray emails)
        {
            return null;
        }
        var all = emails.OfType<JsonObject>().ToList();
        var chosen = all.FirstOrDefault(e => Flag(e["primary"]) == true) ??
                     all.FirstOrDefault(e => string.Equals(Text(e, "type"), "work", StringComparison.OrdinalIgnoreCase)) ?? all.FirstOrDefault();
        return chosen is null ? null : Text(chosen, "value");
    }

    /// <summary>Booleans, also as the strings "True"/"False" that Entra ID sends.</summary>
    public static bool? Flag(JsonNode? node) => node?.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        System.Text.Json.JsonValueKind.String when bool.TryParse(node.GetValue<string>(), out var parsed) => parsed,
        null or System.Text.Json.JsonValueKind.Null => null,
        _ => throw ScimException.InvalidValue($"'{node.ToJsonString()}' is not a boolean."),
    };

    private static string? Text(JsonObject o, string name)
    {
        var node = o.FirstOrDefault(p => ScimAttributes.Canonical(p.Key).Equals(name, StringComparison.Ordinal) ||
                                         p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
        return node?.GetValueKind() switch
        {
            null or System.Text.Json.JsonValueKind.Null => null,
            System.Text.Json.JsonValueKind.String => node.GetValue<string>() is { Length: > 0 } text ? text : null,
            _ => throw ScimException.InvalidValue($"{name} must be a string."),
        };
    }
}
