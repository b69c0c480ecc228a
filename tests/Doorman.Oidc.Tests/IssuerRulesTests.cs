using Doorman.Oidc.Metadata;
using Doorman.Oidc.SignIn;

namespace Doorman.Oidc.Tests;

/// <summary>Exact issuers, and Entra's templated multi-tenant issuer with tenant pinning.</summary>
public sealed class IssuerRulesTests
{
    private const string Contoso = "0b0f1a6c-2f6b-4b8e-9a4e-3f0a3b9c1d11";
    private const string Template = "https://login.microsoftonline.com/{tenantid}/v2.0";

    [Theory]
    [InlineData("common", Contoso, true)]
    [InlineData("organizations", Contoso, true)]
    [InlineData("organizations", IssuerRules.EntraConsumersTenantId, false)]
    [InlineData("consumers", IssuerRules.EntraConsumersTenantId, true)]
    [InlineData("consumers", Contoso, false)]
    [InlineData(Contoso, Contoso, true)]
    [InlineData("11111111-2222-3333-4444-555555555555", Contoso, false)]
    [InlineData("common", "not-a-guid", false)]
    public void Entra_accepts_only_directories_of_the_configured_class(string configured, string tid, bool accepted) =>
        Assert.Equal(accepted, IssuerRules.AcceptsTenant(Entra(configured), tid));

    [Fact]
    public void A_templated_issuer_matches_only_with_a_tenant_filled_in()
    {
        var provider = Entra("organizations");
        Assert.True(IssuerRules.Matches(Template, $"https://login.microsoftonline.com/{Contoso}/v2.0", provider));
        Assert.False(IssuerRules.Matches(Template, "https://login.microsoftonline.com/{tenantid}/v2.0", provider));
        Assert.False(IssuerRules.Matches(Template, $"https://evil.example/{Contoso}/v2.0", provider));
        Assert.False(IssuerRules.Matches(Template, $"https://login.microsoftonline.com/{IssuerRules.EntraConsumersTenantId}/v2.0", provider));
    }

    [Fact]
    public void Other_issuers_compare_exactly()
    {
        var provider = Entra("common") with { EntraTenant = null };
        Assert.True(IssuerRules.Matches("https://idp.example.com/", "https://idp.example.com/", provider));
        Assert.False(IssuerRules.Matches("https://idp.example.com/", "https://idp.example.com", provider));
        Assert.False(IssuerRules.Matches("https://idp.example.com/", "https://IDP.example.com/", provider));
    }

    private static ProviderSettings Entra(string tenant) => new()
    {
        Id = Guid.NewGuid(),
        Version = 1,
        Location = new ProviderLocation { ExpectedIssuer = Template, DiscoveryUrl = null },
        EntraTenant = tenant,
        ClientId = "client",
        Scopes = "openid",
        Claims = new ClaimNames("oid", null, "email", null, null, null, "groups"),
        RedirectUri = "https://sso.example.com/signin-entra",
    };
}
