namespace Doorman.Server.IntegrationTests;

/// <summary>Interop with panva's oidc-provider (OpenID Certified) in its own Node process.</summary>
public sealed class OidcProviderInteropTests(SqliteSignInFixture fixture) : IClassFixture<SqliteSignInFixture>
{
    private readonly SignInSteps _steps = new(fixture);

    [Fact]
    public async Task Signs_in_through_oidc_provider_across_a_key_rotation()
    {
        var scheme = ApiTestExtensions.NewScheme();
        await using var op = await NodeOidcProvider.StartAsync(
            [$"{BrowserClient.DoormanOrigin}/signin-{scheme}"], [], autoApprove: true);
        var slug = await _steps.Api.NewTenantAsync();
        var created = await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/providers", ApiTestExtensions.Oidc(scheme, op.Issuer, new
        {
            clientId = NodeOidcProvider.ClientId,
            clientSecret = NodeOidcProvider.ClientSecret,
            allowInsecureHttp = true,
            provisioning = "jit",
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var connection = new Connection(slug, (await created.JsonAsync())["id"]!.GetValue<string>(), scheme, NodeOidcProvider.ClientId);

        using (var browser = fixture.Browser())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await _steps.SignInAsync(browser, connection)).StatusCode);
            // oidc-provider's ID token carries only sub: name and email came from userinfo.
            var me = (await SignInSteps.MeAsync(browser))!;
            Assert.Equal("alice@example.test", me["account"]!["email"]!.GetValue<string>());
            Assert.Equal("Test alice", me["account"]!["name"]!.GetValue<string>());
        }

        await op.RotateKeyAsync("key-2");

        using var after = fixture.Browser();
        var response = await _steps.SignInAsync(after, connection);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"sign-in after rotation failed: {SignInSteps.ErrorCode(await response.Content.ReadAsStringAsync())}");
        Assert.Equal(slug, (await SignInSteps.MeAsync(after))!["tenant"]!["slug"]!.GetValue<string>());
    }
}
