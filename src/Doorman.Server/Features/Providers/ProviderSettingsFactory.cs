using Doorman.Data.Entities;
using Doorman.Oidc;

namespace Doorman.Server.Features.Providers;

/// <summary>Turns a stored provider into what the relying-party engine needs, secret included, per request.</summary>
public sealed class ProviderSettingsFactory(ProviderSecrets secrets, PublicUrls urls)
{
    public ProviderSettings Create(IdentityProvider provider, HttpRequest request) => new()
    {
        Id = provider.Id,
        Version = provider.Version,
        Location = ProviderTypes.Locate(provider),
        EntraTenant = provider.Type == ProviderType.Entra ? provider.EntraTenantId : null,
        ClientId = provider.ClientId,
        ClientSecret = secrets.Reveal(provider),
        UseBasicAuthentication = provider.TokenEndpointAuthMethod == ProviderValidator.ClientSecretBasic,
        Scopes = provider.Scopes,
        Claims = new ClaimNames(
            provider.Claims.Subject, provider.Claims.Username, provider.Claims.Email, provider.Claims.Name,
            provider.Claims.GivenName, provider.Claims.FamilyName, provider.Claims.Groups),
        RequireVerifiedEmail = provider.RequireVerifiedEmail,
        RoutedDomains = [.. provider.Domains.Select(d => d.Domain)],
        RedirectUri = urls.RedirectUri(request, provider),
        FormPost = provider.ResponseMode == ResponseModes.FormPost,
    };
}
