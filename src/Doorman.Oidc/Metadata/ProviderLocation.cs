namespace Doorman.Oidc.Metadata;

/// <summary>Where a provider's metadata lives and what it must say about itself.</summary>
public sealed record ProviderLocation
{
    /// <summary>The issuer the provider's tokens and discovery document must carry, exactly.</summary>
    public required string? ExpectedIssuer { get; init; }

    /// <summary>The discovery document's URL; null when every required endpoint is overridden.</summary>
    public required string? DiscoveryUrl { get; init; }

    public ProviderEndpoints Overrides { get; init; } = ProviderEndpoints.None;

    /// <summary>Permits <c>http://</c> URLs, for test providers on isolated networks only (DESIGN rule 6).</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>
    /// True when the authorization, token and JWKS endpoints are all overridden: discovery is then skipped.
    /// </summary>
    public bool SkipsDiscovery =>
        Overrides.Authorization is not null && Overrides.Token is not null && Overrides.Jwks is not null;
}

public sealed record ProviderEndpoints(
    string? Authorization,
    string? Token,
    string? Userinfo,
    string? Jwks,
    string? EndSession)
{
    public static readonly ProviderEndpoints None = new(null, null, null, null, null);

    /// <summary>These endpoints, each replaced by the override where one is given.</summary>
    public ProviderEndpoints OverriddenBy(ProviderEndpoints overrides) => new(
        overrides.Authorization ?? Authorization,
        overrides.Token ?? Token,
        overrides.Userinfo ?? Userinfo,
        overrides.Jwks ?? Jwks,
        overrides.EndSession ?? EndSession);
}
