namespace Doorman.Server.IntegrationTests;

public sealed class OpenIddictProviderFixture : IAsyncLifetime
{
    public OpenIddictProvider Provider { get; private set; } = null!;

    public async Task InitializeAsync() => Provider = await OpenIddictProvider.StartAsync();

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}

/// <summary>"Test the connection" against a real OpenID provider (OpenIddict on loopback).</summary>
public sealed class ProviderTestEndpointTests(SqliteFixture fixture, OpenIddictProviderFixture idp)
    : IClassFixture<SqliteFixture>, IClassFixture<OpenIddictProviderFixture>
{
    private readonly HttpClient _api = fixture.App.Api();

    [Fact]
    public async Task A_working_provider_reports_its_endpoints_and_no_problems()
    {
        var clientId = await idp.Provider.AddClientAsync("http://localhost/signin-any", "the-right-secret");
        var (slug, id) = await CreateAsync(new { issuer = idp.Provider.Issuer, allowInsecureHttp = true, clientId, clientSecret = "the-right-secret" });
        var result = await (await _api.PostAsync($"/api/tenants/{slug}/providers/{id}/test", null)).JsonAsync();

        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Empty(result["problems"]!.AsArray());
        Assert.Equal(idp.Provider.Issuer, result["issuer"]!.GetValue<string>());
        Assert.Equal($"{idp.Provider.Url}/connect/authorize", result["endpoints"]!["authorization"]!.GetValue<string>());
        Assert.Equal($"{idp.Provider.Url}/connect/token", result["endpoints"]!["token"]!.GetValue<string>());
        Assert.Equal($"{idp.Provider.Url}/connect/userinfo", result["endpoints"]!["userinfo"]!.GetValue<string>());
        Assert.Equal($"{idp.Provider.Url}/connect/logout", result["endpoints"]!["endSession"]!.GetValue<string>());
        Assert.StartsWith(idp.Provider.Url, result["endpoints"]!["jwks"]!.GetValue<string>(), StringComparison.Ordinal);

        var provider = await (await _api.GetAsync($"/api/tenants/{slug}/providers/{id}")).JsonAsync();
        Assert.True(provider["lastTestSucceeded"]!.GetValue<bool>());
        var audit = await (await _api.GetAsync($"/api/tenants/{slug}/audit?limit=1")).JsonArrayAsync();
        Assert.Equal("provider.tested", audit[0]!["action"]!.GetValue<string>());
        Assert.Equal("success", audit[0]!["outcome"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("client_secret_post")]
    [InlineData("client_secret_basic")]
    public async Task A_wrong_client_secret_is_found_at_the_token_endpoint(string method)
    {
        var clientId = await idp.Provider.AddClientAsync("http://localhost/signin-any", "the-right-secret");
        var (slug, id) = await CreateAsync(new
        {
            issuer = idp.Provider.Issuer, allowInsecureHttp = true, clientId, clientSecret = "a-wrong-secret", tokenEndpointAuthMethod = method,
        });
        var result = await (await _api.PostAsync($"/api/tenants/{slug}/providers/{id}/test", null)).JsonAsync();

        Assert.False(result["ok"]!.GetValue<bool>());
        var problem = Assert.Single(result["problems"]!.AsArray())!.GetValue<string>();
        Assert.Contains("refused the client secret", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-secret", result.ToJsonString());
    }

    [Fact]
    public async Task A_provider_without_a_client_secret_is_told_to_enter_one()
    {
        var (slug, id) = await CreateAsync(new { issuer = idp.Provider.Issuer, allowInsecureHttp = true });
        var result = await (await _api.PostAsync($"/api/tenants/{slug}/providers/{id}/test", null)).JsonAsync();

        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Contains("No client secret is stored", Assert.Single(result["problems"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task An_issuer_mismatch_names_both_values()
    {
        var configured = idp.Provider.Url; // without OpenIddict's trailing slash
        var (slug, id) = await CreateAsync(new
        {
            issuer = configured, discoveryUrl = $"{idp.Provider.Url}/.well-known/openid-configuration", allowInsecureHttp = true,
        });
        var result = await (await _api.PostAsync($"/api/tenants/{slug}/providers/{id}/test", null)).JsonAsync();

        Assert.False(result["ok"]!.GetValue<bool>());
        var problem = Assert.Single(result["problems"]!.AsArray())!.GetValue<string>();
        Assert.Contains("Issuer mismatch", problem, StringComparison.Ordinal);
        Assert.Contains($"'{idp.Provider.Issuer}'", problem, StringComparison.Ordinal);
        Assert.Contains($"'{configured}'", problem, StringComparison.Ordinal);
        var audit = await (await _api.GetAsync($"/api/tenants/{slug}/audit?limit=1")).JsonArrayAsync();
        Assert.Equal("failure", audit[0]!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unreachable_host_is_reported_within_seconds()
    {
        var closedPort = ClosedLoopbackPort();
        var (slug, id) = await CreateAsync(new { issuer = $"http://127.0.0.1:{closedPort}", allowInsecureHttp = true });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await (await _api.PostAsync($"/api/tenants/{slug}/providers/{id}/test", null)).JsonAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Contains(result["problems"]!.AsArray(), p => p!.GetValue<string>().Contains("Could not reach '127.0.0.1'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_without_signing_keys_is_reported()
    {
        var (slug, id) = await CreateAsync(new
        {
            issuer = idp.Provider.Issuer, allowInsecureHttp = true,
            endpoints = new { jwks = $"{idp.Provider.Url}/broken/jwks" },
        });
        var result = await (await _api.PostAsync($"/api/tenants/{slug}/providers/{id}/test", null)).JsonAsync();

        Assert.False(result["ok"]!.GetValue<bool>());
        var problem = Assert.Single(result["problems"]!.AsArray())!.GetValue<string>();
        Assert.Contains("no usable key", problem, StringComparison.Ordinal);
        Assert.Equal($"{idp.Provider.Url}/broken/jwks", result["endpoints"]!["jwks"]!.GetValue<string>());
    }

    [Fact]
    public async Task Overriding_authorization_token_and_jwks_skips_discovery()
    {
        var (slug, id) = await CreateAsync(new
        {
            issuer = "https://idp.example.invalid",
            endpoints = new { authorization = "https://idp.example.invalid/a", token = "https://idp.example.invalid/t", jwks = "https://idp.example.invalid/k" },
        });
        var result = await (await _api.PostAsync($"/api/tenants/{slug}/providers/{id}/test", null)).JsonAsync();

        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Equal("https://idp.example.invalid/t", result["endpoints"]!["token"]!.GetValue<string>());
        var problem = Assert.Single(result["problems"]!.AsArray())!.GetValue<string>();
        Assert.Contains("signing keys (JWKS)", problem, StringComparison.Ordinal);
        Assert.Contains("idp.example.invalid", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_with_verify_reports_each_mistyped_field_and_saves_nothing()
    {
        var clientId = await idp.Provider.AddClientAsync("http://localhost/signin-any", "the-right-secret");
        var slug = await _api.NewTenantAsync();
        async Task<JsonObject> RefusedAsync(object extra)
        {
            var response = await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers?verify=true",
                ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(), extra: extra));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.JsonAsync())["errors"]!.AsObject();
        }

        var secret = await RefusedAsync(new { issuer = idp.Provider.Issuer, allowInsecureHttp = true, clientId, clientSecret = "typo" });
        Assert.Equal(["clientSecret"], secret.Select(e => e.Key));
        var id = await RefusedAsync(new { issuer = idp.Provider.Issuer, allowInsecureHttp = true, clientId = "no-such-app", clientSecret = "the-right-secret" });
        Assert.Equal(["clientId"], id.Select(e => e.Key));
        Assert.Contains("no-such-app", id["clientId"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var issuer = await RefusedAsync(new { issuer = $"http://127.0.0.1:{ClosedLoopbackPort()}", allowInsecureHttp = true, clientId, clientSecret = "x" });
        Assert.Equal(["issuer"], issuer.Select(e => e.Key));
        var discovery = await RefusedAsync(new
        {
            issuer = idp.Provider.Issuer, discoveryUrl = $"{idp.Provider.Url}/nothing-here", allowInsecureHttp = true, clientId, clientSecret = "x",
        });
        Assert.Equal(["discoveryUrl"], discovery.Select(e => e.Key));
        Assert.Empty(await (await _api.GetAsync($"/api/tenants/{slug}/providers")).JsonArrayAsync());

        var created = await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers?verify=true", ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(),
            extra: new { issuer = idp.Provider.Issuer, allowInsecureHttp = true, clientId, clientSecret = "the-right-secret" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Replacing_with_verify_keeps_the_stored_provider_when_the_new_secret_is_wrong()
    {
        var clientId = await idp.Provider.AddClientAsync("http://localhost/signin-any", "the-right-secret");
        var (slug, id) = await CreateAsync(new { issuer = idp.Provider.Issuer, allowInsecureHttp = true, clientId, clientSecret = "the-right-secret" });
        var stored = await (await _api.GetAsync($"/api/tenants/{slug}/providers/{id}")).JsonAsync();

        var input = ApiTestExtensions.Oidc(stored["scheme"]!.GetValue<string>(),
            extra: new { issuer = idp.Provider.Issuer, allowInsecureHttp = true, clientId, clientSecret = "mistyped", displayName = "Renamed" });
        var refused = await _api.PutAsJsonAsync($"/api/tenants/{slug}/providers/{id}?verify=true", input);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.JsonAsync())["errors"]!["clientSecret"]);
        var after = await (await _api.GetAsync($"/api/tenants/{slug}/providers/{id}")).JsonAsync();
        Assert.Equal(stored.ToJsonString(), after.ToJsonString());
        var test = await (await _api.PostAsync($"/api/tenants/{slug}/providers/{id}/test", null)).JsonAsync();
        Assert.True(test["ok"]!.GetValue<bool>(), test.ToJsonString());

        // The same save without verify=true (the contract's default) is stored as given.
        Assert.Equal(HttpStatusCode.OK, (await _api.PutAsJsonAsync($"/api/tenants/{slug}/providers/{id}", input)).StatusCode);
    }

    private async Task<(string Slug, string Id)> CreateAsync(object extra)
    {
        var slug = await _api.NewTenantAsync();
        var response = await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers",
            ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(), extra: extra));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (slug, (await response.JsonAsync())["id"]!.GetValue<string>());
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
