namespace Doorman.Server.IntegrationTests;

/// <summary>The redirect URI's origin: configured, or the request's, trusting forwarded headers only from named proxies.</summary>
public sealed class PublicUrlTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task Forwarded_headers_are_ignored_when_no_proxy_is_trusted()
    {
        var redirect = await RedirectUriAsync(fixture.App, peer: "10.0.0.5");
        Assert.StartsWith("http://localhost/signin-", redirect, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_headers_are_honored_only_from_a_trusted_proxy()
    {
        await using var app = await fixture.StartAnotherAsync(new Dictionary<string, string?>
        {
            ["Doorman:TrustedProxies:0"] = "10.0.0.5",
        });
        Assert.StartsWith("https://sso.example.com/signin-", await RedirectUriAsync(app, peer: "10.0.0.5"), StringComparison.Ordinal);
        Assert.StartsWith("http://localhost/signin-", await RedirectUriAsync(app, peer: "10.0.0.6"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_origin_wins_over_the_request()
    {
        await using var app = await fixture.StartAnotherAsync(new Dictionary<string, string?>
        {
            ["Doorman:PublicOrigin"] = "https://login.example.net",
        });
        Assert.StartsWith("https://login.example.net/signin-", await RedirectUriAsync(app, peer: "10.0.0.5"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_redirect_uri_override_is_answered_as_is()
    {
        var api = fixture.App.Api();
        var slug = await api.NewTenantAsync();
        var scheme = ApiTestExtensions.NewScheme();
        var provider = await (await api.PostAsJsonAsync($"/api/tenants/{slug}/providers",
            ApiTestExtensions.Oidc(scheme, extra: new { redirectUri = $"https://edge.example.com/auth/signin-{scheme}" }))).JsonAsync();
        Assert.Equal($"https://edge.example.com/auth/signin-{scheme}", provider["redirectUri"]!.GetValue<string>());
    }

    private static async Task<string> RedirectUriAsync(DoormanApp app, string peer)
    {
        var api = app.Api();
        var slug = await api.NewTenantAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/{slug}/providers")
        {
            Content = JsonContent.Create(ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme())),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "sso.example.com");
        request.Headers.Add("X-Test-Peer", peer);
        var response = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync())["redirectUri"]!.GetValue<string>();
    }
}
