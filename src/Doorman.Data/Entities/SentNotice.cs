namespace Doorman.Data.Entities;

/// <summary>
/// A notice that must go out once, recorded by a key such as <c>secret-expiry:{provider}:{date}:7</c>. The key is
/// the primary key, so when two nodes decide to send the same notice, the second insert fails and sends nothing.
/// </summary>
public sealed class SentNotice
{
    public required string Key { get; init; }
    public Guid? TenantId { get; init; }
    public DateTime CreatedAt { get; init; }
}
