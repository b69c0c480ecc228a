using Doorman.Data.Entities;

namespace Doorman.Server.Features.Providers;

/// <summary>Moves provider values between the entity, validated input and the API answer.</summary>
public static class ProviderMapper
{
    public static void Apply(ValidProvider valid, IdentityProvider entity)
    {
        entity.DisplayName = valid.DisplayName;
        entity.Scheme = valid.Scheme;
        entity.NormalizedScheme = NormalizeScheme(valid.Scheme);
        entity.Type = valid.Type;
        entity.Issuer = valid.Issuer;
        entity.DiscoveryUrl = valid.DiscoveryUrl;
        entity.EntraTenantId = valid.EntraTenantId;
        entity.OktaDomain = valid.OktaDomain;
        entity.ClientId = valid.ClientId;
        entity.ClientSecretExpiresAt = valid.ClientSecretExpiresAt;
        entity.TokenEndpointAuthMethod = valid.TokenEndpointAuthMethod;
        entity.ResponseMode = valid.ResponseMode;
        entity.Scopes = valid.Scopes;
        entity.Claims = valid.Claims;
        entity.RequireVerifiedEmail = valid.RequireVerifiedEmail;
        entity.LinkByEmail = valid.LinkByEmail;
        entity.Provisioning = valid.Provisioning;
        entity.DefaultRole = valid.DefaultRole;
        entity.GroupRoleMappings = valid.GroupRoleMappings;
        entity.AllowInsecureHttp = valid.AllowInsecureHttp;
        entity.RequireMfa = valid.RequireMfa;
        entity.RedirectUri = valid.RedirectUri;
        entity.Endpoints = valid.Endpoints;
        entity.IconUrl = valid.IconUrl;
        entity.Enabled = valid.Enabled;
        entity.Status = valid.Status;

        entity.Domains.RemoveAll(d => !valid.Domains.Contains(d.Domain, StringComparer.Ordinal));
        foreach (var domain in valid.Domains.Where(d => entity.Domains.All(existing => existing.Domain != d)))
        {
            entity.Domains.Add(new ProviderDomain { ProviderId = entity.Id, TenantId = entity.TenantId, Domain = domain });
        }
    }

    public static string NormalizeScheme(string scheme) => scheme.ToLowerInvariant();

    public static string StatusName(ProviderStatus status) => status == ProviderStatus.Active ? "active" : "draft";

    public static ProviderResponse ToResponse(IdentityProvider p, string redirectUri, string loginUrl) => new()
    {
        Id = p.Id,
        DisplayName = p.DisplayName,
        Scheme = p.Scheme,
        Type = ProviderTypes.Name(p.Type),
        Issuer = p.Issuer,
        DiscoveryUrl = p.DiscoveryUrl,
        EntraTenantId = p.EntraTenantId,
        OktaDomain = p.OktaDomain,
        ClientId = p.ClientId,
        HasClientSecret = p.ProtectedClientSecret is not null,
        ClientSecretExpiresAt = p.ClientSecretExpiresAt,
        TokenEndpointAuthMethod = p.TokenEndpointAuthMethod,
        ResponseMode = p.ResponseMode,
        Scopes = p.Scopes,
        Claims = new ClaimsDto(p.Claims.Subject, p.Claims.Username, p.Claims.Email, p.Claims.Name,
            p.Claims.GivenName, p.Claims.FamilyName, p.Claims.Groups),
        RequireVerifiedEmail = p.RequireVerifiedEmail,
        LinkByEmail = p.LinkByEmail,
        Provisioning = p.Provisioning == ProvisioningMode.Jit ? "jit" : "manual",
        DefaultRole = p.DefaultRole,
        GroupRoleMappings = p.GroupRoleMappings.Select(m => new GroupRoleMappingDto(m.Group, m.Role)).ToList(),
        Domains = p.Domains.Select(d => d.Domain).Order(StringComparer.Ordinal).ToList(),
        AllowInsecureHttp = p.AllowInsecureHttp,
        RequireMfa = p.RequireMfa,
        RedirectUri = redirectUri,
        Endpoints = new EndpointsDto(p.Endpoints.Authorization, p.Endpoints.Token, p.Endpoints.Userinfo,
            p.Endpoints.Jwks, p.Endpoints.EndSession),
        IconUrl = p.IconUrl,
        Enabled = p.Enabled,
        Status = StatusName(p.Status),
        LoginUrl = loginUrl,
        CreatedAt = p.CreatedAt,
        UpdatedAt = p.UpdatedAt,
        LastTestedAt = p.LastTestedAt,
        LastTestSucceeded = p.LastTestSucceeded,
    };
}
