using System.Net;
using System.Security.Cryptography;
using System.Text;
using Doorman.Oidc.Metadata;
using Microsoft.IdentityModel.Tokens;

namespace Doorman.Oidc.Tests;

/// <summary>The probe's judgement of metadata documents, with canned answers and no network.</summary>
public sealed class ProviderProbeTests
{
    private const string Issuer = "https://idp.example.com";

    [Fact]
    public async Task Plain_http_endpoints_in_an_https_discovery_document_are_refused()
    {
        var probe = Probe(new()
        {
            [$"{Issuer}/.well-known/openid-configuration"] = Discovery(authorization: "http://idp.example.com/authorize"),
            [$"{Issuer}/jwks"] = Jwks(),
        });
        var result = await probe.ProbeAsync(Location(), CancellationToken.None);

        Assert.False(result.Ok);
        var problem = Assert.Single(result.Problems);
        Assert.Contains("authorization endpoint 'http://idp.example.com/authorize' uses plain HTTP", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_document_and_key_set_pass()
    {
        var probe = Probe(new()
        {
            [$"{Issuer}/.well-known/openid-configuration"] = Discovery(),
            [$"{Issuer}/jwks"] = Jwks(),
        });
        var result = await probe.ProbeAsync(Location(), CancellationToken.None);

        Assert.True(result.Ok, string.Join(" ", result.Problems));
        Assert.Single(result.SigningKeys);
        Assert.Equal($"{Issuer}/token", result.Endpoints.Token);
    }

    [Fact]
    public async Task A_missing_document_is_reported_with_its_status()
    {
        var result = await Probe(new()).ProbeAsync(Location(), CancellationToken.None);

        Assert.Contains(result.Problems, p => p.Contains("answered HTTP 404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_document_that_is_not_json_is_reported()
    {
        var probe = Probe(new() { [$"{Issuer}/.well-known/openid-configuration"] = "<html>login</html>" });
        var result = await probe.ProbeAsync(Location(), CancellationToken.None);

        Assert.Contains(result.Problems, p => p.Contains("not valid JSON metadata", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entra_multi_tenant_templated_issuer_matches_as_published()
    {
        const string templated = "https://login.microsoftonline.com/{tenantid}/v2.0";
        var probe = Probe(new()
        {
            [$"{Issuer}/.well-known/openid-configuration"] = Discovery(issuer: templated),
            [$"{Issuer}/jwks"] = Jwks(),
        });
        var result = await probe.ProbeAsync(Location() with { ExpectedIssuer = templated }, CancellationToken.None);

        Assert.True(result.Ok, string.Join(" ", result.Problems));
    }

    private static ProviderLocation Location() => new()
    {
        ExpectedIssuer = Issuer,
        DiscoveryUrl = $"{Issuer}/.well-known/openid-configuration",
    };

    private static ProviderProbe Probe(Dictionary<string, string> documents) => new(new HttpClient(new CannedHandler(documents)));

    private static string Discovery(string issuer = Issuer, string authorization = $"{Issuer}/authorize") =>
        $$"""
        {"issuer":"{{issuer}}","authorization_endpoint":"{{authorization}}","token_endpoint":"{{Issuer}}/token",
         "jwks_uri":"{{Issuer}}/jwks","response_types_supported":["code"],"subject_types_supported":["public"],
         "id_token_signing_alg_values_supported":["RS256"]}
        """;

    private static string Jwks()
    {
        using var rsa = RSA.Create(2048);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "k1" });
        return $$"""{"keys":[{"kty":"RSA","use":"sig","kid":"k1","n":"{{jwk.N}}","e":"{{jwk.E}}"}]}""";
    }

    private sealed class CannedHandler(Dictionary<string, string> documents) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(documents.TryGetValue(request.RequestUri!.ToString(), out var body)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
