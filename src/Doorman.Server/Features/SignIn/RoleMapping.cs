using Doorman.Data.Entities;

namespace Doorman.Server.Features.SignIn;

/// <summary>
/// Group-to-role mapping, applied on every sign-in. Only roles that some mapping grants are managed by
/// groups: they are added or removed to follow the groups claim; every other role is left alone.
/// </summary>
public static class RoleMapping
{
    public static List<string> InitialRoles(IdentityProvider provider, IReadOnlyList<string> groups)
    {
        var mapped = Mapped(provider, groups);
        return mapped.Count > 0 ? mapped : [provider.DefaultRole];
    }

    /// <summary>The account's roles after this sign-in, or null when nothing changes.</summary>
    public static List<string>? Apply(IdentityProvider provider, IReadOnlyList<string> groups, bool groupsClaimMapped, List<string> current)
    {
        if (!groupsClaimMapped || provider.GroupRoleMappings.Count == 0)
        {
            return null;
        }
        var managed = provider.GroupRoleMappings.Select(m => m.Role).ToHashSet(StringComparer.Ordinal);
        var next = current.Where(r => !managed.Contains(r)).Concat(Mapped(provider, groups)).Distinct(StringComparer.Ordinal).ToList();
        if (next.Count == 0)
        {
            next.Add(provider.DefaultRole);
        }
        return next.Order(StringComparer.Ordinal).SequenceEqual(current.Order(StringComparer.Ordinal)) ? null : next;
    }

    private static List<string> Mapped(IdentityProvider provider, IReadOnlyList<string> groups) =>
        provider.GroupRoleMappings
            .Where(m => groups.Contains(m.Group, StringComparer.Ordinal))
            .Select(m => m.Role)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
