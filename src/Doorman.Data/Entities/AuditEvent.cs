namespace Doorman.Data.Entities;

public sealed class AuditEvent : ITenantOwned
{
    /// <summary>Increasing, so "newest first" is a stable order even for events in the same tick.</summary>
    public long Id { get; init; }

    public Guid TenantId { get; init; }
    public DateTime At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public required string Outcome { get; init; }
    public string? Detail { get; init; }
    public string? IpAddress { get; init; }
}
