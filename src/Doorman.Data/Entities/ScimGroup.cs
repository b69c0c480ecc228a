namespace Doorman.Data.Entities;

/// <summary>
/// A group pushed by a SCIM client. Its members get the roles that the linked provider's group-to-role mappings give
/// the group's display name or external id, as they would from that provider's groups claim at sign-in.
/// </summary>
public sealed class ScimGroup : ITenantOwned
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }

    /// <summary>The provider whose group-to-role mappings apply: the one the creating SCIM token is linked to.</summary>
    public Guid ProviderId { get; init; }

    public string DisplayName { get; private set; } = "";

    /// <summary>Upper-cased display name: unique in the tenant, ignoring case.</summary>
    public string NormalizedDisplayName { get; private set; } = "";

    /// <summary>The client's id for the group (Entra objectId, Okta group id).</summary>
    public string? ExternalId { get; set; }

    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public List<ScimGroupMember> Members { get; init; } = [];

    public void SetDisplayName(string displayName)
    {
        DisplayName = displayName.Trim();
        NormalizedDisplayName = DisplayName.ToUpperInvariant();
    }
}

/// <summary>One account's membership of a SCIM group.</summary>
public sealed class ScimGroupMember : ITenantOwned
{
    public Guid GroupId { get; init; }
    public Guid AccountId { get; init; }
    public Guid TenantId { get; init; }
}

/// <summary>What a SCIM DELETE of a user does; <c>active: false</c> always disables.</summary>
public enum ScimDeleteAction
{
    /// <summary>Disable the account (its sessions end at once) and hide it from SCIM; provisioning it again restores it.</summary>
    Disable,

    /// <summary>Hide the account from SCIM and leave it active with its sign-ins: the provider stops managing it.</summary>
    KeepActive,
}
