namespace Doorman.Data.Entities;

/// <summary>
/// A sign-in in progress: created when the browser leaves for the provider, consumed exactly once when it
/// comes back. Not tenant-filtered: the callback finds it by state before it knows the tenant.
/// </summary>
public sealed class SsoFlow
{
    public Guid Id { get; init; }

    /// <summary>SHA-256 of the state sent to the provider; the state itself is not stored.</summary>
    public required string StateHash { get; init; }

    /// <summary>SHA-256 of the browser's flow cookie: the flow completes only in the browser that started it.</summary>
    public required string BrowserHash { get; init; }

    public Guid TenantId { get; init; }
    public Guid ProviderId { get; init; }
    public required string Nonce { get; init; }
    public required string CodeVerifier { get; init; }

    /// <summary>
    /// Set when a signed-in person links another provider to their account from their profile: the callback
    /// then binds the identity to this account instead of signing anyone in.
    /// </summary>
    public Guid? LinkAccountId { get; init; }

    /// <summary>
    /// Set when a tenant admin runs "Test sign-in" against a provider (drafts included): the callback shows what
    /// would happen and changes nothing: no account, no binding, no session.
    /// </summary>
    public Guid? TestByAccountId { get; init; }

    /// <summary>A local path to return to after sign-in.</summary>
    public required string ReturnUrl { get; init; }

    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
}
