namespace Doorman.Data.Entities;

/// <summary>
/// A bearer key for the admin API. Only a SHA-256 hash of the key is stored: keys are 256-bit random
/// values, so a fast hash is enough and a stolen table does not yield usable keys.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; init; }

    /// <summary>The tenant the key is limited to; null for an operator key that reaches every tenant.</summary>
    public Guid? TenantId { get; init; }

    public required string Name { get; set; }
    public required string KeyHash { get; set; }
    public string? Prefix { get; set; }
    public bool IsBootstrap { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
