namespace Doorman.Data.Entities;

public enum ProviderType
{
    Entra,
    Google,
    Okta,
    Auth0,
    Keycloak,
    Oidc,
}

public enum ProviderStatus
{
    Draft,
    Active,
}

public enum ProvisioningMode
{
    Manual,
    Jit,
}

/// <summary>A tenant's connection to its OpenID Connect identity provider.</summary>
public sealed class IdentityProvider : ITenantOwned
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }

    public required string DisplayName { get; set; }
    public required string Scheme { get; set; }

    /// <summary>Lower-cased scheme; unique platform-wide so that <c>/signin-{scheme}</c> names one provider.</summary>
    public string NormalizedScheme { get; set; } = "";

    public ProviderType Type { get; set; }

    /// <summary>The effective issuer: given, or derived from the type (Entra, Google, Okta).</summary>
    public string? Issuer { get; set; }

    public string? DiscoveryUrl { get; set; }
    public string? EntraTenantId { get; set; }
    public string? OktaDomain { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The client secret, protected with Data Protection; never leaves the server in clear.</summary>
    public string? ProtectedClientSecret { get; set; }

    public DateOnly? ClientSecretExpiresAt { get; set; }
    public required string TokenEndpointAuthMethod { get; set; }
    public required string Scopes { get; set; }

    /// <summary><c>query</c> or <c>form_post</c>: how the provider returns the authorization response.</summary>
    public string ResponseMode { get; set; } = ResponseModes.Query;
    public ClaimMapping Claims { get; set; } = new();
    public bool RequireVerifiedEmail { get; set; }
    public bool LinkByEmail { get; set; }
    public ProvisioningMode Provisioning { get; set; }
    public required string DefaultRole { get; set; }
    public List<GroupRoleMapping> GroupRoleMappings { get; set; } = [];
    public List<ProviderDomain> Domains { get; set; } = [];
    public bool AllowInsecureHttp { get; set; }

    /// <summary>After this provider, people also enter a code from their local authenticator.</summary>
    public bool RequireMfa { get; set; }
    public string? RedirectUri { get; set; }
    public EndpointOverrides Endpoints { get; set; } = new();
    public string? IconUrl { get; set; }
    public bool Enabled { get; set; }
    public ProviderStatus Status { get; set; }

    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastTestedAt { get; set; }
    public bool? LastTestSucceeded { get; set; }

    /// <summary>Bumped on every change, so caches keyed by provider id know their entry is stale.</summary>
    public int Version { get; set; }
}

public static class ResponseModes
{
    public const string Query = "query";
    public const string FormPost = "form_post";
}

public sealed class ClaimMapping
{
    public string Subject { get; set; } = "sub";
    public string? Username { get; set; }
    public string? Email { get; set; }
    public string? Name { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? Groups { get; set; }
}

public sealed class EndpointOverrides
{
    public string? Authorization { get; set; }
    public string? Token { get; set; }
    public string? Userinfo { get; set; }
    public string? Jwks { get; set; }
    public string? EndSession { get; set; }
}

public sealed class GroupRoleMapping
{
    public required string Group { get; set; }
    public required string Role { get; set; }
}

/// <summary>An email domain routed to a provider. Stored lower-cased.</summary>
public sealed class ProviderDomain : ITenantOwned
{
    public Guid ProviderId { get; init; }
    public Guid TenantId { get; init; }
    public required string Domain { get; init; }
}
