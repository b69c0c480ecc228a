namespace Doorman.Data.Entities;

/// <summary>
/// A one-time code mailed to an admin to confirm a risky change. Only its hash is stored; it is good for one
/// purpose, by one account, for ten minutes, for five attempts, once.
/// </summary>
public sealed class ConfirmationCode : ITenantOwned
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public Guid AccountId { get; init; }

    /// <summary>What it confirms, e.g. <c>provider.disable:{id}</c>.</summary>
    public required string Purpose { get; init; }

    /// <summary>HMAC-SHA256 of the code keyed by the row id, hex.</summary>
    public required string CodeHash { get; init; }

    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    /// <summary>Tries so far, the right one included; each try is counted before the code is compared.</summary>
    public int Attempts { get; set; }
    public DateTime? UsedAt { get; set; }
}
