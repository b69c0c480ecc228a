using Microsoft.IdentityModel.JsonWebTokens;

namespace Doorman.Testing;

/// <summary>Who a test provider signs in for one client, and how it misbehaves, if at all.</summary>
public sealed record TestUser
{
    public string Subject { get; init; } = "alice";
    public string? Email { get; init; } = "alice@example.test";
    public bool? EmailVerified { get; init; } = true;
    public string? Name { get; init; } = "Alice Example";
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Extra claims for the ID token (string values).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>Claims left out of the ID token, so the relying party must ask userinfo for them.</summary>
    public IReadOnlySet<string> UserInfoOnly { get; init; } = new HashSet<string>();

    /// <summary>A <c>sub</c> for the userinfo answer that differs from the ID token's (rp-userinfo-bad-sub-claim).</summary>
    public string? UserInfoSubject { get; init; }

    /// <summary>Replaces the ID token in the token response: the provider misbehaving on purpose.</summary>
    public Func<JsonWebToken, string>? ForgeIdToken { get; init; }
}
