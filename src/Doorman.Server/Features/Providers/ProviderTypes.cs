using Doorman.Data.Entities;
using Doorman.Oidc.Metadata;

namespace Doorman.Server.Features.Providers;

/// <summary>What each provider type derives: its issuer, where discovery lives, and its defaults.</summary>
public static class ProviderTypes
{
    public const string EntraAuthority = "https://login.microsoftonline.com";
    public const string GoogleIssuer = "https://accounts.google.com";

    /// <summary>Entra's fixed directory id for personal Microsoft accounts.</summary>
    public const string EntraConsumersTenantId = "9188040d-6c67-4c5b-b112-36a304b66dad";

    public static readonly IReadOnlyList<string> EntraMultiTenantKeywords = ["common", "organizations", "consumers"];

    private const string WellKnown = "/.well-known/openid-configuration";

    public static bool TryParse(string? name, out ProviderType type)
    {
        type = default;
        // Exactly the lower-case name: no numbers, no other casing.
        return name is not null && Enum.TryParse(name, ignoreCase: true, out type) && Name(type) == name;
    }

    public static string Name(ProviderType type) => type.ToString().ToLowerInvariant();

    public static string DefaultSubjectClaim(ProviderType type) =>
        // Entra's `sub` is pairwise per app registration; `oid` names the person across the directory.
        type == ProviderType.Entra ? "oid" : "sub";

    public static string? DefaultGroupsClaim(ProviderType type) => type == ProviderType.Entra ? "groups" : null;

    public static bool DefaultRequireVerifiedEmail(ProviderType type) => type == ProviderType.Google;

    /// <summary>The issuer a type derives on its own, or null when the admin must supply it.</summary>
    public static string? DerivedIssuer(ProviderType type, string? entraTenantId, string? oktaDomain) => type switch
    {
        ProviderType.Entra when entraTenantId is not null => $"{EntraAuthority}/{entraTenantId}/v2.0",
        ProviderType.Google => GoogleIssuer,
        ProviderType.Okta when oktaDomain is not null => $"https://{oktaDomain}",
        _ => null,
    };

    /// <summary>Where the provider's metadata lives and which issuer it must state.</summary>
    public static ProviderLocation Locate(IdentityProvider provider) => new()
    {
        ExpectedIssuer = ExpectedIssuer(provider),
        DiscoveryUrl = provider.DiscoveryUrl ?? (provider.Issuer is { } issuer ? issuer.TrimEnd('/') + WellKnown : null),
        Overrides = new ProviderEndpoints(
            provider.Endpoints.Authorization, provider.Endpoints.Token, provider.Endpoints.Userinfo,
            provider.Endpoints.Jwks, provider.Endpoints.EndSession),
        AllowInsecureHttp = provider.AllowInsecureHttp,
    };

    /// <summary>
    /// Multi-tenant Entra endpoints publish a templated issuer (<c>{tenantid}</c>) that each token fills in;
    /// <c>consumers</c> publishes the fixed personal-accounts directory.
    /// </summary>
    private static string? ExpectedIssuer(IdentityProvider provider) => provider.Type == ProviderType.Entra
        ? provider.EntraTenantId switch
        {
            "common" or "organizations" => $"{EntraAuthority}/{{tenantid}}/v2.0",
            "consumers" => $"{EntraAuthority}/{EntraConsumersTenantId}/v2.0",
            _ => provider.Issuer,
        }
        : provider.Issuer;
}
