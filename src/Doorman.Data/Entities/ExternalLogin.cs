namespace Doorman.Data.Entities;

/// <summary>Binds an account to the subject an identity provider vouches for in its ID tokens.</summary>
public sealed class ExternalLogin : ITenantOwned
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public Guid AccountId { get; init; }
    public Guid ProviderId { get; init; }
    public required string Subject { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? LastSignInAt { get; set; }
}
