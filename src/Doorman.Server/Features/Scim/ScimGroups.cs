using System.Text.Json;
using System.Text.Json.Nodes;
using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Scim;

/// <summary>
/// SCIM groups of a tenant. Members are the tenant's (SCIM-visible) users; nested groups are not supported. Every
/// change of membership, name or external id runs the affected members' roles through <see cref="ScimRoles"/> in
/// the same transaction.
/// </summary>
public sealed class ScimGroups(DoormanDbContext db, ScimContext scim, ScimRoles roles, AuditLog audit, TimeProvider time)
{
    public async Task<JsonObject> ListAsync(
        string? filter, int startIndex, int count, string baseUrl, bool withMembers, CancellationToken cancellationToken)
    {
        var query = db.ScimGroups.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter))
        {
            query = query.Where(ScimGroupFilter.ToExpression(ScimFilterParser.Parse(filter)));
        }
        var total = await query.CountAsync(cancellationToken);
        var page = count <= 0 ? [] : await query.OrderBy(g => g.CreatedAt).ThenBy(g => g.Id)
            .Skip(startIndex - 1).Take(Math.Min(count, ScimUsers.MaxCount)).ToListAsync(cancellationToken);
        var members = withMembers ? await MembersAsync([.. page.Select(g => g.Id)], cancellationToken) : null;
        return ScimResults.List(total, startIndex, page.Select(g => ToResource(g, members?[g.Id], baseUrl)));
    }

    public async Task<ScimGroup?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.ScimGroups.SingleOrDefaultAsync(g => g.Id == id, cancellationToken);

    public async Task<JsonObject> ResourceAsync(ScimGroup group, string baseUrl, bool withMembers, CancellationToken cancellationToken) =>
        ToResource(group, withMembers ? (await MembersAsync([group.Id], cancellationToken))[group.Id] : null, baseUrl);

    public async Task<ScimGroup> CreateAsync(JsonObject resource, CancellationToken cancellationToken)
    {
        var input = ScimGroupInput.From(resource);
        await EnsureNameFreeAsync(null, input.DisplayName, cancellationToken);
        var members = await CheckMembersAsync(input.Members ?? [], cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var group = new ScimGroup
        {
            Id = Guid.NewGuid(), TenantId = scim.Tenant.Id, ProviderId = scim.Token.ProviderId, ExternalId = input.ExternalId,
            CreatedAt = now, UpdatedAt = now,
        };
        group.SetDisplayName(input.DisplayName);
        group.Members.AddRange(members.Select(id => new ScimGroupMember { GroupId = group.Id, AccountId = id, TenantId = group.TenantId }));
        db.ScimGroups.Add(group);
        audit.Record(scim.Tenant.Id, scim.Actor, "scim_group.created", $"group:{group.DisplayName}", AuditOutcome.Success,
            $"{members.Count} member(s){(group.ExternalId is null ? "" : $"; externalId {group.ExternalId}")}");
        await SaveWithRolesAsync(group, members, cancellationToken);
        return group;
    }

    /// <summary>PUT: name, external id and the whole member list.</summary>
    public async Task ReplaceAsync(ScimGroup group, JsonObject resource, CancellationToken cancellationToken)
    {
        var input = ScimGroupInput.From(resource);
        var current = await MemberIdsAsync(group.Id, cancellationToken);
        var target = input.Members is null ? current : await CheckMembersAsync(input.Members, cancellationToken);
        await UpdateAsync(group, input.DisplayName, input.ExternalId, current, target, cancellationToken);
    }

    /// <summary>PATCH of <c>displayName</c>, <c>externalId</c> and <c>members</c> (add, remove by value or by filter, replace).</summary>
    public async Task PatchAsync(ScimGroup group, JsonObject patch, CancellationToken cancellationToken)
    {
        var current = await MemberIdsAsync(group.Id, cancellationToken);
        var target = new HashSet<Guid>(current);
        var (displayName, externalId) = (group.DisplayName, group.ExternalId);
        foreach (var (op, path, value) in ScimPatch.Operations(patch))
        {
            if (path is null)
            {
                if (op == "remove")
                {
                    throw ScimException.NoTarget("'remove' needs a path.");
                }
                if (value is not JsonObject attributes)
                {
                    throw ScimException.InvalidValue($"'{op}' without a path takes an object of attributes as its value.");
                }
                foreach (var (key, attribute) in attributes)
                {
                    await ApplyAsync(op, key, attribute);
                }
            }
            else
            {
                await ApplyAsync(op, path, value);
            }
        }
        await UpdateAsync(group, displayName, externalId, current, target, cancellationToken);

        async Task ApplyAsync(string op, string path, JsonNode? value)
        {
            var name = ScimAttributes.Canonical(path.Trim());
            switch (name)
            {
                case "displayName" when op == "remove":
                    throw ScimException.Mutability("displayName is required and can't be removed.");
                case "displayName":
                    displayName = ScimGroupInput.DisplayNameOf(value);
                    break;
                case "externalId":
                    externalId = op == "remove" ? null : ScimGroupInput.ExternalIdOf(value);
                    break;
                case "id" or "schemas" or "meta" when op != "remove":
                    break;   // Okta repeats the id in a pathless replace; Doorman owns these
                case "members" when op == "remove" && value is null:
                    target.Clear();
                    break;
                case "members" when op == "remove":
                    target.ExceptWith(ScimGroupInput.MemberValues(value).Select(ParseMember));
                    break;
                case "members":
                    var listed = await CheckMembersAsync(ScimGroupInput.MemberValues(value), cancellationToken);
                    if (op == "replace")
                    {
                        target.Clear();
                    }
                    target.UnionWith(listed);
                    break;
                default:
                    if (op == "remove" && MemberFilter(path) is { } filtered)
                    {
                        target.ExceptWith(filtered);
                        break;
                    }
                    throw ScimException.InvalidPath($"'{path}' is not an attribute of a group that can be changed (displayName, externalId, members).");
            }
        }
    }

    public async Task DeleteAsync(ScimGroup group, CancellationToken cancellationToken)
    {
        var members = await MemberIdsAsync(group.Id, cancellationToken);
        db.ScimGroups.Remove(group);
        audit.Record(scim.Tenant.Id, scim.Actor, "scim_group.deleted", $"group:{group.DisplayName}", AuditOutcome.Success,
            $"{members.Count} member(s) left it; their accounts are kept");
        await SaveWithRolesAsync(group, members, cancellationToken);
    }

    private async Task UpdateAsync(ScimGroup group, string displayName, string? externalId, HashSet<Guid> current, HashSet<Guid> target,
        CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        var renamed = displayName != group.DisplayName || externalId != group.ExternalId;
        if (displayName != group.DisplayName)
        {
            await EnsureNameFreeAsync(group.Id, displayName, cancellationToken);
            changes.Add($"renamed '{group.DisplayName}' → '{displayName}'");
            group.SetDisplayName(displayName);
        }
        if (externalId != group.ExternalId)
        {
            changes.Add($"externalId {group.ExternalId ?? "(none)"} → {externalId ?? "(none)"}");
            group.ExternalId = externalId;
        }
        var added = target.Except(current).ToList();
        var removed = current.Except(target).ToList();
        db.ScimGroupMembers.AddRange(added.Select(id => new ScimGroupMember { GroupId = group.Id, AccountId = id, TenantId = group.TenantId }));
        foreach (var chunk in removed.Chunk(500))
        {
            db.ScimGroupMembers.RemoveRange(await db.ScimGroupMembers
                .Where(m => m.GroupId == group.Id && chunk.Contains(m.AccountId)).ToListAsync(cancellationToken));
        }
        if (added.Count > 0 || removed.Count > 0)
        {
            changes.Add($"{added.Count} member(s) added, {removed.Count} removed");
        }
        if (changes.Count == 0)
        {
            return;
        }
        group.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(scim.Tenant.Id, scim.Actor, "scim_group.updated", $"group:{group.DisplayName}", AuditOutcome.Success, string.Join("; ", changes));
        // A new name or external id can change what every member's membership maps to.
        await SaveWithRolesAsync(group, renamed ? [.. current.Union(target)] : [.. added, .. removed], cancellationToken);
    }

    /// <summary>Saves the group change and the members' new roles in one transaction.</summary>
    private async Task SaveWithRolesAsync(ScimGroup group, IReadOnlyCollection<Guid> affected, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw ScimException.Uniqueness($"Another request named a group '{group.DisplayName}' or changed its members at the same moment.");
        }
        await roles.ApplyAsync(group.ProviderId, affected, scim.Actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task EnsureNameFreeAsync(Guid? groupId, string displayName, CancellationToken cancellationToken)
    {
        var normalized = displayName.Trim().ToUpperInvariant();
        if (await db.ScimGroups.AnyAsync(g => g.Id != groupId && g.NormalizedDisplayName == normalized, cancellationToken))
        {
            throw ScimException.Uniqueness($"A group named '{displayName}' exists already.");
        }
    }

    /// <summary>The member ids, each a SCIM-visible user of this tenant.</summary>
    private async Task<HashSet<Guid>> CheckMembersAsync(IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var ids = values.Select(ParseMember).ToHashSet();
        var found = new HashSet<Guid>();
        foreach (var chunk in ids.Chunk(500))
        {
            found.UnionWith(await db.Accounts.Where(a => chunk.Contains(a.Id) && a.ScimDeprovisionedAt == null)
                .Select(a => a.Id).ToListAsync(cancellationToken));
        }
        if (ids.Except(found).FirstOrDefault() is var missing && missing != Guid.Empty)
        {
            var isGroup = await db.ScimGroups.AnyAsync(g => g.Id == missing, cancellationToken);
            throw ScimException.InvalidValue(isGroup
                ? $"members: '{missing}' is a group; groups can't be members of groups here."
                : $"members: '{missing}' is not a user of this organization.");
        }
        return ids;
    }

    private static Guid ParseMember(string value) => Guid.TryParse(value, out var id) && id != Guid.Empty
        ? id
        : throw ScimException.InvalidValue($"members: '{value}' is not a user id.");

    /// <summary><c>members[value eq "…"]</c> (or an <c>or</c> of such): the ids it names.</summary>
    private static List<Guid>? MemberFilter(string path)
    {
        var trimmed = path.Trim();
        var open = trimmed.IndexOf('[', StringComparison.Ordinal);
        if (open < 0 || !trimmed.EndsWith(']') || ScimAttributes.Canonical(trimmed[..open]) != "members")
        {
            return null;
        }
        var ids = new List<Guid>();
        void Collect(FilterNode node)
        {
            switch (node)
            {
                case CompareNode { Attribute: "value", Operator: "eq", Value: string value }:
                    ids.Add(ParseMember(value));
                    break;
                case LogicalNode { Operator: "or" } or:
                    Collect(or.Left);
                    Collect(or.Right);
                    break;
                default:
                    throw ScimException.InvalidPath($"'{path}': member filters support value eq \"…\" (and 'or').");
            }
        }
        Collect(ScimFilterParser.Parse(trimmed[(open + 1)..^1]));
        return ids;
    }

    private async Task<HashSet<Guid>> MemberIdsAsync(Guid groupId, CancellationToken cancellationToken) =>
        [.. await db.ScimGroupMembers.Where(m => m.GroupId == groupId).Select(m => m.AccountId).ToListAsync(cancellationToken)];

    private async Task<Dictionary<Guid, List<(Guid Id, string Display)>>> MembersAsync(List<Guid> groupIds, CancellationToken cancellationToken)
    {
        var rows = await db.ScimGroupMembers.Where(m => groupIds.Contains(m.GroupId))
            .Join(db.Accounts, m => m.AccountId, a => a.Id, (m, a) => new { m.GroupId, a.Id, a.Name, a.Email })
            .ToListAsync(cancellationToken);
        var byGroup = groupIds.ToDictionary(id => id, _ => new List<(Guid, string)>());
        foreach (var row in rows)
        {
            byGroup[row.GroupId].Add((row.Id, row.Name ?? row.Email));
        }
        return byGroup;
    }

    public static JsonObject ToResource(ScimGroup group, List<(Guid Id, string Display)>? members, string baseUrl)
    {
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimAttributes.GroupSchema),
            ["id"] = group.Id.ToString(),
            ["displayName"] = group.DisplayName,
        };
        if (group.ExternalId is { } externalId)
        {
            resource["externalId"] = externalId;
        }
        if (members is not null)
        {
            resource["members"] = new JsonArray([.. members.Select(m => (JsonNode)new JsonObject
            {
                ["value"] = m.Id.ToString(),
                ["display"] = m.Display,
                ["type"] = "User",
                ["$ref"] = $"{baseUrl}/Users/{m.Id}",
            })]);
        }
        resource["meta"] = ScimResults.Meta("Group", group.CreatedAt, group.UpdatedAt, $"{baseUrl}/Groups/{group.Id}");
        return resource;
    }
}

/// <summary>A SCIM group document, checked. <see cref="Members"/> is null when the document leaves members out.</summary>
internal sealed record ScimGroupInput(string DisplayName, string? ExternalId, IReadOnlyList<string>? Members)
{
    public static ScimGroupInput From(JsonObject resource)
    {
        if (resource["schemas"] is not JsonArray schemas ||
            !schemas.Any(s => s?.GetValueKind() == JsonValueKind.String && s.GetValue<string>() == ScimAttributes.GroupSchema))
        {
            throw ScimException.InvalidSyntax($"schemas must include '{ScimAttributes.GroupSchema}'.");
        }
        JsonNode? Field(string name) => resource.FirstOrDefault(p => ScimAttributes.Canonical(p.Key) == name).Value;
        return new ScimGroupInput(DisplayNameOf(Field("displayName")), ExternalIdOf(Field("externalId")),
            Field("members") is { } members ? MemberValues(members) : null);
    }

    public static string DisplayNameOf(JsonNode? value) =>
        value?.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Trim() is { Length: > 0 and <= 256 } name
            ? name
            : throw ScimException.InvalidValue("displayName is required: a string of 1 to 256 characters.");

    public static string? ExternalIdOf(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => null,
        JsonValueKind.String when value.GetValue<string>() is { Length: <= 256 } id => id.Length == 0 ? null : id,
        _ => throw ScimException.InvalidValue("externalId must be a string of at most 256 characters."),
    };

    /// <summary>The <c>value</c> of each member object: <c>[{"value": "…"}]</c>.</summary>
    public static List<string> MemberValues(JsonNode? members) => members switch
    {
        JsonArray items => [.. items.Select(item => item is JsonObject member &&
                                                   member.FirstOrDefault(p => p.Key.Equals("value", StringComparison.OrdinalIgnoreCase)).Value is JsonValue value &&
                                                   value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw ScimException.InvalidValue("members is a list of objects with a user id as 'value'."))],
        JsonObject single => MemberValues(new JsonArray(single.DeepClone())),
        _ => throw ScimException.InvalidValue("members is a list of objects with a user id as 'value'."),
    };
}
