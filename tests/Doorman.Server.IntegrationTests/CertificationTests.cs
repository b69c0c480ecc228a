using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Doorman.Server.IntegrationTests;

/// <summary>
/// The OpenID Foundation's relying-party certification cases (Basic RP profile and friends), each its own
/// test, against a real OpenIddict provider that misbehaves exactly as the case asks. Tests of this class
/// run one after another, so changing the provider's published keys is safe.
/// </summary>
public sealed class CertificationTests(SqliteSignInFixture fixture) : IClassFixture<SqliteSignInFixture>, IDisposable
{
    private readonly SignInSteps _steps = new(fixture);
    private readonly BrowserClient _browser = fixture.Browser();

    public void Dispose()
    {
        fixture.Provider.PublishedKeys.Clear();
        fixture.Provider.PublishedKeys.Add(TokenForge.ProviderKey);
        _browser.Dispose();
    }

    [Fact]
    public async Task Rp_response_type_code()
    {
        var connection = await _steps.ConnectAsync();
        var authorize = (await _browser.GetAsync($"{BrowserClient.DoormanOrigin}/sso/login?id={connection.ProviderId}")).Headers.Location!;

        Assert.Equal("code", SignInSteps.Parameter(authorize, "response_type"));
        Assert.Equal("S256", SignInSteps.Parameter(authorize, "code_challenge_method"));
        Assert.True(SignInSteps.Parameter(authorize, "code_challenge").Length >= 43);
        Assert.True(SignInSteps.Parameter(authorize, "state").Length >= 32);
        Assert.True(SignInSteps.Parameter(authorize, "nonce").Length >= 32);
        var (response, url) = await _browser.FollowAsync(authorize.ToString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{BrowserClient.DoormanOrigin}/", url.ToString());
        Assert.NotNull(await SignInSteps.MeAsync(_browser));
    }

    [Fact]
    public async Task Rp_nonce_invalid() =>
        await AssertRejectedAsync(t => TokenForge.Resign(t, TokenForge.ProviderKey, c => c["nonce"] = "not-the-nonce"));

    [Fact]
    public async Task Rp_token_endpoint_client_secret_basic()
    {
        // The secret holds '+', '/', '=' and '&': basic authentication must form-encode it first (RFC 6749 §2.3.1).
        var connection = await _steps.ConnectAsync(provider: new { tokenEndpointAuthMethod = "client_secret_basic" });
        Assert.Equal(HttpStatusCode.Redirect, (await _steps.SignInAsync(_browser, connection)).StatusCode);
    }

    [Fact]
    public async Task Rp_id_token_kid_absent_single_jwks() =>
        await AssertAcceptedAsync(t => TokenForge.Resign(t, TokenForge.WithoutKeyId(TokenForge.ProviderKey)));

    [Fact]
    public async Task Rp_id_token_kid_absent_multiple_jwks_tries_every_published_key()
    {
        fixture.Provider.PublishedKeys.Add(TokenForge.SecondRsaKey);
        await AssertAcceptedAsync(t => TokenForge.Resign(t, TokenForge.WithoutKeyId(TokenForge.ProviderKey)));
    }

    [Fact]
    public async Task Rp_id_token_kid_absent_multiple_jwks_with_a_key_not_published_is_rejected()
    {
        fixture.Provider.PublishedKeys.Add(TokenForge.SecondRsaKey);
        await AssertRejectedAsync(t => TokenForge.Resign(t, TokenForge.WithoutKeyId(TokenForge.AttackerKey)));
    }

    [Fact]
    public async Task Rp_id_token_iat_missing() =>
        await AssertRejectedAsync(t => TokenForge.Resign(t, TokenForge.ProviderKey, c => c.Remove("iat")));

    [Fact]
    public async Task Rp_id_token_aud() =>
        await AssertRejectedAsync(t => TokenForge.Resign(t, TokenForge.ProviderKey, c => c["aud"] = "another-client"));

    [Fact]
    public async Task Rp_id_token_azp_of_another_client() =>
        await AssertRejectedAsync(t => TokenForge.Resign(t, TokenForge.ProviderKey, c =>
        {
            c["aud"] = new[] { t.Audiences.First(), "another-client" };
            c["azp"] = "another-client";
        }));

    [Fact]
    public async Task Rp_id_token_iss_mismatch() =>
        await AssertRejectedAsync(t => TokenForge.Resign(t, TokenForge.ProviderKey, c => c["iss"] = "https://attacker.example/"));

    [Fact]
    public async Task Rp_id_token_sub_missing() =>
        await AssertRejectedAsync(t => TokenForge.Resign(t, TokenForge.ProviderKey, c => c.Remove("sub")));

    [Fact]
    public async Task Rp_id_token_bad_sig_rs256() =>
        await AssertRejectedAsync(t => TokenForge.Resign(t, TokenForge.AttackerKey));

    [Fact]
    public async Task Rp_id_token_bad_sig_es256()
    {
        fixture.Provider.PublishedKeys.Add(TokenForge.EcKey);
        await AssertRejectedAsync(t => TokenForge.Resign(t, TokenForge.AttackerEcKey));
    }

    [Fact]
    public async Task Rp_id_token_sig_none() =>
        await AssertRejectedAsync(t => TokenForge.Resign(t, key: null));

    [Fact]
    public async Task Rp_id_token_signed_with_hmac_is_rejected() =>
        await AssertRejectedAsync(t => TokenForge.Resign(
            t, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SignInSteps.Secret.PadRight(32, '.'))), algorithm: SecurityAlgorithms.HmacSha256));

    [Fact]
    public async Task Rp_id_token_sig_rs256() =>
        await AssertAcceptedAsync(forge: null);

    [Fact]
    public async Task Rp_id_token_sig_es256()
    {
        fixture.Provider.PublishedKeys.Add(TokenForge.EcKey);
        await AssertAcceptedAsync(t => TokenForge.Resign(t, TokenForge.EcKey));
    }

    [Fact]
    public async Task Rp_key_rotation_op_sign_key()
    {
        var connection = await _steps.ConnectAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await _steps.SignInAsync(_browser, connection)).StatusCode);

        // The provider rotates: a new key, the old one withdrawn. The next sign-in needs no action.
        fixture.Provider.PublishedKeys.Clear();
        fixture.Provider.PublishedKeys.Add(TokenForge.SecondRsaKey);
        fixture.Provider.SetUser(connection.ClientId, new TestUser { ForgeIdToken = t => TokenForge.Resign(t, TokenForge.SecondRsaKey) });
        using var next = fixture.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await _steps.SignInAsync(next, connection)).StatusCode);
    }

    [Fact]
    public async Task Rp_userinfo_bad_sub_claim()
    {
        var connection = await _steps.ConnectAsync(new TestUser { UserInfoOnly = new HashSet<string> { "name" }, UserInfoSubject = "mallory" });
        await SignInSteps.AssertErrorPageAsync(await _steps.SignInAsync(_browser, connection), HttpStatusCode.Unauthorized,
            "sso.userinfo_invalid", _browser);
    }

    [Fact]
    public async Task Userinfo_fills_claims_the_id_token_lacks()
    {
        var connection = await _steps.ConnectAsync(new TestUser { UserInfoOnly = new HashSet<string> { "name", "email" } });
        var before = fixture.Provider.UserInfoRequests;
        Assert.Equal(HttpStatusCode.Redirect, (await _steps.SignInAsync(_browser, connection)).StatusCode);
        Assert.Equal(before + 1, fixture.Provider.UserInfoRequests);
        var me = (await SignInSteps.MeAsync(_browser))!;
        Assert.Equal("alice@example.test", me["account"]!["email"]!.GetValue<string>());
        Assert.Equal("Alice Example", me["account"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Userinfo_is_not_called_when_the_id_token_has_the_email_and_name()
    {
        var connection = await _steps.ConnectAsync();
        var before = fixture.Provider.UserInfoRequests;

        Assert.Equal(HttpStatusCode.Redirect, (await _steps.SignInAsync(_browser, connection)).StatusCode);

        Assert.Equal(before, fixture.Provider.UserInfoRequests);
    }

    [Fact]
    public async Task Rp_discovery_issuer_not_matching_config()
    {
        var connection = await _steps.ConnectAsync(provider: new
        {
            issuer = fixture.Provider.Url + "/another-issuer",
            discoveryUrl = fixture.Provider.Url + "/.well-known/openid-configuration",
        });
        var response = await _browser.GetAsync($"{BrowserClient.DoormanOrigin}/sso/login?id={connection.ProviderId}");
        await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.BadRequest, "sso.configuration_error", _browser);
    }

    [Fact]
    public async Task Expired_beyond_two_minutes_of_skew_is_rejected() =>
        await AssertRejectedAsync(t => TokenForge.Resign(t, TokenForge.ProviderKey, c =>
        {
            c["iat"] = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
            c["exp"] = DateTimeOffset.UtcNow.AddMinutes(-3).ToUnixTimeSeconds();
        }));

    [Fact]
    public async Task Expired_within_two_minutes_of_skew_is_accepted() =>
        await AssertAcceptedAsync(t => TokenForge.Resign(t, TokenForge.ProviderKey, c =>
        {
            c["iat"] = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
            c["exp"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        }));

    [Fact]
    public async Task Not_yet_valid_is_rejected() =>
        await AssertRejectedAsync(t => TokenForge.Resign(t, TokenForge.ProviderKey, c =>
            c["nbf"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()));

    private async Task AssertAcceptedAsync(Func<JsonWebToken, string>? forge)
    {
        var connection = await _steps.ConnectAsync(new TestUser { ForgeIdToken = forge });
        var response = await _steps.SignInAsync(_browser, connection);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"expected a sign-in, got {(int)response.StatusCode} {SignInSteps.ErrorCode(await response.Content.ReadAsStringAsync())}");
        Assert.NotNull(await SignInSteps.MeAsync(_browser));
    }

    private async Task AssertRejectedAsync(Func<JsonWebToken, string> forge)
    {
        var connection = await _steps.ConnectAsync(new TestUser { ForgeIdToken = forge });
        await SignInSteps.AssertErrorPageAsync(await _steps.SignInAsync(_browser, connection), HttpStatusCode.Unauthorized,
            "sso.token_invalid", _browser);
        Assert.Null(await _steps.AccountAsync(connection.Slug, "alice@example.test"));
    }
}
