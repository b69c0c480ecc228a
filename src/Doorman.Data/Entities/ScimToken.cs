namespace Doorman.Data.Entities;

/// <summary>
/// A bearer token for a tenant's SCIM service, linked to one of its providers: a SCIM user's <c>externalId</c> is the
/// subject that provider puts in its ID tokens. Only the SHA-256 of the token is stored.
/// </summary>
public sealed class ScimToken : ITenantOwned
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public Guid ProviderId { get; init; }
    public required string Name { get; init; }
    public required string TokenHash { get; init; }

    /// <summary>The first characters, to tell tokens apart in lists.</summary>
    public required string Prefix { get; init; }

    public DateTime CreatedAt { get; init; }
    public DateTime? LastUsedAt { get; set; }
}
