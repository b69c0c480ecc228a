namespace Doorman.Server.Features.Providers;

/// <summary>A provider as written by the admin API. Omitted fields take their defaults (PUT replaces).</summary>
public sealed record ProviderInput
{
    public string? DisplayName { get; init; }
    public string? Scheme { get; init; }
    public string? Type { get; init; }
    public string? Issuer { get; init; }
    public string? DiscoveryUrl { get; init; }
    public string? EntraTenantId { get; init; }
    public string? OktaDomain { get; init; }
    public string? ClientId { get; init; }

    /// <summary>Write-only. Omitted on PUT keeps the stored secret.</summary>
    public string? ClientSecret { get; init; }

    public DateOnly? ClientSecretExpiresAt { get; init; }
    public string? TokenEndpointAuthMethod { get; init; }

    /// <summary><c>query</c> (default) or <c>form_post</c>.</summary>
    public string? ResponseMode { get; init; }
    public string? Scopes { get; init; }
    public ClaimsDto? Claims { get; init; }
    public bool? RequireVerifiedEmail { get; init; }
    public bool? LinkByEmail { get; init; }
    public string? Provisioning { get; init; }
    public string? DefaultRole { get; init; }
    public List<GroupRoleMappingDto>? GroupRoleMappings { get; init; }
    public List<string>? Domains { get; init; }
    public bool? AllowInsecureHttp { get; init; }

    /// <summary>Ask for a local authenticator code after this provider (default false).</summary>
    public bool? RequireMfa { get; init; }
    public string? RedirectUri { get; init; }
    public EndpointsDto? Endpoints { get; init; }
    public string? IconUrl { get; init; }
    public bool? Enabled { get; init; }
    public string? Status { get; init; }
}

public sealed record ClaimsDto(
    string? Subject, string? Username, string? Email, string? Name, string? GivenName, string? FamilyName, string? Groups);

public sealed record EndpointsDto(string? Authorization, string? Token, string? Userinfo, string? Jwks, string? EndSession);

public sealed record GroupRoleMappingDto(string? Group, string? Role);

/// <summary>A provider as the admin API shows it: never the secret, only whether one is set.</summary>
public sealed record ProviderResponse
{
    public required Guid Id { get; init; }
    public required string DisplayName { get; init; }
    public required string Scheme { get; init; }
    public required string Type { get; init; }
    public required string? Issuer { get; init; }
    public required string? DiscoveryUrl { get; init; }
    public required string? EntraTenantId { get; init; }
    public required string? OktaDomain { get; init; }
    public required string ClientId { get; init; }
    public required bool HasClientSecret { get; init; }
    public required DateOnly? ClientSecretExpiresAt { get; init; }
    public required string TokenEndpointAuthMethod { get; init; }
    public required string ResponseMode { get; init; }
    public required string Scopes { get; init; }
    public required ClaimsDto Claims { get; init; }
    public required bool RequireVerifiedEmail { get; init; }
    public required bool LinkByEmail { get; init; }
    public required string Provisioning { get; init; }
    public required string DefaultRole { get; init; }
    public required List<GroupRoleMappingDto> GroupRoleMappings { get; init; }
    public required List<string> Domains { get; init; }
    public required bool AllowInsecureHttp { get; init; }
    public required bool RequireMfa { get; init; }

    /// <summary>The effective redirect URI: the one to register at the identity provider.</summary>
    public required string RedirectUri { get; init; }

    public required EndpointsDto Endpoints { get; init; }
    public required string? IconUrl { get; init; }
    public required bool Enabled { get; init; }
    public required string Status { get; init; }
    public required string LoginUrl { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public required DateTime? LastTestedAt { get; init; }
    public required bool? LastTestSucceeded { get; init; }
}

public sealed record ProviderTestResponse(bool Ok, string? Issuer, EndpointsDto Endpoints, List<string> Problems);
