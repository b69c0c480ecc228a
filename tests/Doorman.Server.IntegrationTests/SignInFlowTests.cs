using Doorman.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Doorman.Server.IntegrationTests;

/// <summary>The sign-in flow against a real OpenIddict provider, on each database.</summary>
public abstract class SignInFlowTests<TFixture>(TFixture fixture) where TFixture : SignInFixture
{
    private readonly SignInSteps _steps = new(fixture);

    [Fact]
    public async Task Direct_link_signs_in_creates_the_account_just_in_time_and_returns_to_the_local_url()
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();

        var response = await _steps.SignInAsync(browser, connection, returnUrl: "/welcome?x=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/welcome?x=1", response.Headers.Location!.OriginalString);
        var me = (await SignInSteps.MeAsync(browser))!;
        Assert.Equal("alice@example.test", me["account"]!["email"]!.GetValue<string>());
        Assert.Equal("Alice Example", me["account"]!["name"]!.GetValue<string>());
        Assert.Equal(connection.Slug, me["tenant"]!["slug"]!.GetValue<string>());
        Assert.Equal(["member"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("sso", me["method"]!.GetValue<string>());
        Assert.Equal(connection.ProviderId, me["providerId"]!.GetValue<string>());
        var account = (await _steps.AccountAsync(connection.Slug, "alice@example.test"))!;
        Assert.Equal("alice", account["externalLogins"]![0]!["subject"]!.GetValue<string>());
        Assert.Single(await _steps.AuditAsync(connection.Slug, "account.created"));
        Assert.Single(await _steps.AuditAsync(connection.Slug, "signin.succeeded"));
    }

    [Fact]
    public async Task The_same_persons_first_sign_ins_at_once_make_one_account_and_both_succeed()
    {
        var connection = await _steps.ConnectAsync();
        using var first = fixture.Browser();
        using var second = fixture.Browser();
        var callbacks = await Task.WhenAll(_steps.ToCallbackAsync(first, connection), _steps.ToCallbackAsync(second, connection));

        var responses = await Task.WhenAll(first.GetAsync(callbacks[0].ToString()), second.GetAsync(callbacks[1].ToString()));

        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect,
                $"{(int)response.StatusCode} {SignInSteps.ErrorCode(await response.Content.ReadAsStringAsync())}");
        }
        var account = (await _steps.AccountAsync(connection.Slug, "alice@example.test"))!;
        Assert.Single(account["externalLogins"]!.AsArray());
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_lax()
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();
        var callback = await _steps.ToCallbackAsync(browser, connection);

        var response = await browser.GetAsync(callback.ToString());

        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("doorman.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_external_return_url_is_ignored()
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();

        var response = await _steps.SignInAsync(browser, connection, returnUrl: "//evil.example/steal");

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Manual_provisioning_refuses_an_unknown_person_and_creates_nothing()
    {
        var connection = await _steps.ConnectAsync(provider: new { provisioning = "manual" });
        using var browser = fixture.Browser();

        var response = await _steps.SignInAsync(browser, connection);

        await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.Forbidden, "sso.account_not_found", browser);
        Assert.Null(await _steps.AccountAsync(connection.Slug, "alice@example.test"));
        var failure = Assert.Single(await _steps.AuditAsync(connection.Slug, "signin.failed"));
        Assert.StartsWith("sso.account_not_found", failure!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_verified_email_links_an_existing_account_once_then_the_subject_matches()
    {
        var slug = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "Alice@Example.test", name = "Alice", roles = new[] { "admin" } });
        var connection = await _steps.ConnectAsync(slug, new TestUser(), new { provisioning = "manual" });
        using (var browser = fixture.Browser())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await _steps.SignInAsync(browser, connection)).StatusCode);
            Assert.Equal(["admin"], (await SignInSteps.MeAsync(browser))!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        }
        Assert.Single(await _steps.AuditAsync(slug, "account.linked"));

        // The provider now sends another email: the stored subject still finds the account.
        fixture.Provider.SetUser(connection.ClientId, new TestUser { Email = "alice.renamed@example.test" });
        using var again = fixture.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await _steps.SignInAsync(again, connection)).StatusCode);
        Assert.Equal("Alice@Example.test", (await SignInSteps.MeAsync(again))!["account"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unverified_email_does_not_link_an_existing_account()
    {
        var slug = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "alice@example.test" });
        var connection = await _steps.ConnectAsync(slug, new TestUser { EmailVerified = false }, null);
        using var browser = fixture.Browser();

        var response = await _steps.SignInAsync(browser, connection);

        await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.Forbidden, "sso.account_link_refused", browser);
        Assert.Empty((await _steps.AccountAsync(slug, "alice@example.test"))!["externalLogins"]!.AsArray());
    }

    [Fact]
    public async Task A_domain_routed_to_the_provider_vouches_for_an_unverified_email()
    {
        var slug = await _steps.Api.NewTenantAsync();
        var domain = $"{Guid.NewGuid():N}.example";
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = $"alice@{domain}" });
        var connection = await _steps.ConnectAsync(slug, new TestUser { Email = $"alice@{domain}", EmailVerified = null },
            new { domains = new[] { domain } });
        using var browser = fixture.Browser();

        Assert.Equal(HttpStatusCode.Redirect, (await _steps.SignInAsync(browser, connection)).StatusCode);
        Assert.Single((await _steps.AccountAsync(slug, $"alice@{domain}"))!["externalLogins"]!.AsArray());
    }

    [Fact]
    public async Task Link_by_email_turned_off_refuses_to_link()
    {
        var slug = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "alice@example.test" });
        var connection = await _steps.ConnectAsync(slug, new TestUser(), new { linkByEmail = false });
        using var browser = fixture.Browser();

        await SignInSteps.AssertErrorPageAsync(await _steps.SignInAsync(browser, connection), HttpStatusCode.Forbidden,
            "sso.account_link_refused", browser);
    }

    [Fact]
    public async Task A_provider_never_signs_into_another_tenants_account()
    {
        var other = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{other}/accounts", new { email = "alice@example.test" });
        var connection = await _steps.ConnectAsync(provider: new { provisioning = "manual" });
        using var browser = fixture.Browser();

        await SignInSteps.AssertErrorPageAsync(await _steps.SignInAsync(browser, connection), HttpStatusCode.Forbidden,
            "sso.account_not_found", browser);
        Assert.Empty((await _steps.AccountAsync(other, "alice@example.test"))!["externalLogins"]!.AsArray());
    }

    [Fact]
    public async Task A_replayed_callback_is_refused()
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();
        var callback = await _steps.ToCallbackAsync(browser, connection);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(callback.ToString())).StatusCode);

        using var attacker = fixture.Browser();
        foreach (var cookie in browser.Cookies.GetAllCookies().Where(c => c.Name == "doorman.flow"))
        {
            attacker.Cookies.Add(cookie);
        }
        await SignInSteps.AssertErrorPageAsync(await attacker.GetAsync(callback.ToString()), HttpStatusCode.BadRequest,
            "sso.state_invalid", attacker);
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData(null)]
    public async Task A_tampered_or_missing_state_is_refused(string? state)
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();
        var callback = await _steps.ToCallbackAsync(browser, connection);

        var response = await browser.GetAsync(SignInSteps.WithParameter(callback, "state", state).ToString());

        await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.BadRequest, "sso.state_invalid", browser);
        Assert.Contains("start again from your organization", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_flow_started_in_another_browser_is_refused()
    {
        var connection = await _steps.ConnectAsync();
        using var attacker = fixture.Browser();
        var callback = await _steps.ToCallbackAsync(attacker, connection);

        using var victim = fixture.Browser();
        await SignInSteps.AssertErrorPageAsync(await victim.GetAsync(callback.ToString()), HttpStatusCode.BadRequest,
            "sso.state_invalid", victim);
    }

    [Fact]
    public async Task An_expired_flow_is_refused()
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();
        var callback = await _steps.ToCallbackAsync(browser, connection);
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DoormanDbContext>();
            var providerId = Guid.Parse(connection.ProviderId);
            await db.SsoFlows.Where(f => f.ProviderId == providerId)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        }

        await SignInSteps.AssertErrorPageAsync(await browser.GetAsync(callback.ToString()), HttpStatusCode.BadRequest,
            "sso.state_invalid", browser);
    }

    [Theory]
    [InlineData("access_denied", HttpStatusCode.Forbidden, "sso.access_denied")]
    [InlineData("temporarily_unavailable", HttpStatusCode.BadRequest, "sso.idp_error")]
    public async Task A_provider_error_answer_is_shown_with_its_code(string error, HttpStatusCode status, string code)
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();
        var callback = await _steps.ToCallbackAsync(browser, connection);
        var answer = SignInSteps.WithParameter(SignInSteps.WithParameter(callback, "code", null), "error", error);
        answer = SignInSteps.WithParameter(answer, "error_description", "<script>alert(1)</script>");

        var response = await browser.GetAsync(answer.ToString());

        await SignInSteps.AssertErrorPageAsync(response, status, code, browser);
        Assert.DoesNotContain("<script>alert(1)</script>", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/other-issuer/")]
    [InlineData(null)]
    public async Task An_authorization_response_iss_other_than_the_providers_is_refused(string? iss)
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();
        var callback = await _steps.ToCallbackAsync(browser, connection);
        Assert.Equal(fixture.Provider.Issuer, SignInSteps.Parameter(callback, "iss"));

        var response = await browser.GetAsync(SignInSteps.WithParameter(callback, "iss", iss).ToString());

        await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.BadRequest, "sso.issuer_mismatch", browser);
    }

    [Fact]
    public async Task A_code_replayed_into_a_new_flow_is_refused_by_the_provider()
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();
        var first = await _steps.ToCallbackAsync(browser, connection);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(first.ToString())).StatusCode);

        using var second = fixture.Browser();
        var fresh = await _steps.ToCallbackAsync(second, connection);
        var replay = SignInSteps.WithParameter(fresh, "code", SignInSteps.Parameter(first, "code"));

        await SignInSteps.AssertErrorPageAsync(await second.GetAsync(replay.ToString()), HttpStatusCode.BadRequest,
            "sso.code_rejected", second);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_a_configuration_error_audited_for_the_admin()
    {
        var connection = await _steps.ConnectAsync(provider: new { clientSecret = "not-the-secret" });
        using var browser = fixture.Browser();

        await SignInSteps.AssertErrorPageAsync(await _steps.SignInAsync(browser, connection), HttpStatusCode.BadRequest,
            "sso.configuration_error", browser);
        var failure = Assert.Single(await _steps.AuditAsync(connection.Slug, "signin.failed"));
        Assert.StartsWith("sso.configuration_error", failure!["detail"]!.GetValue<string>());
        Assert.DoesNotContain("not-the-secret", failure.ToJsonString());
    }

    [Fact]
    public async Task An_unreachable_provider_is_reported_as_such()
    {
        var slug = await _steps.Api.NewTenantAsync();
        var scheme = ApiTestExtensions.NewScheme();
        var created = await (await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/providers",
            ApiTestExtensions.Oidc(scheme, "http://127.0.0.1:1/", new { allowInsecureHttp = true }))).JsonAsync();
        using var browser = fixture.Browser();

        var response = await browser.GetAsync($"{BrowserClient.DoormanOrigin}/sso/login?id={created["id"]}");

        await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.BadRequest, "sso.provider_unreachable", browser);
    }

    [Theory]
    [InlineData("{\"enabled\":false}")]
    [InlineData("{\"status\":\"draft\"}")]
    public async Task A_disabled_or_draft_provider_signs_no_one_in(string change)
    {
        var connection = await _steps.ConnectAsync(provider: System.Text.Json.JsonSerializer.Deserialize<JsonObject>(change));
        using var browser = fixture.Browser();

        var response = await browser.GetAsync($"{BrowserClient.DoormanOrigin}/sso/login?id={connection.ProviderId}");

        await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.Forbidden, "sso.provider_disabled", browser);
    }

    [Fact]
    public async Task An_unknown_provider_link_is_refused()
    {
        using var browser = fixture.Browser();
        var response = await browser.GetAsync($"{BrowserClient.DoormanOrigin}/sso/login?id={Guid.NewGuid()}");
        await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.BadRequest, "sso.provider_not_found", browser);
    }

    [Fact]
    public async Task A_disabled_account_is_refused_and_disabling_ends_its_session_at_once()
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await _steps.SignInAsync(browser, connection)).StatusCode);
        var account = (await _steps.AccountAsync(connection.Slug, "alice@example.test"))!;

        var patch = await _steps.Api.PatchAsJsonAsync($"/api/tenants/{connection.Slug}/accounts/{account["id"]}", new { status = "disabled" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        Assert.Null(await SignInSteps.MeAsync(browser));
        using var again = fixture.Browser();
        await SignInSteps.AssertErrorPageAsync(await _steps.SignInAsync(again, connection), HttpStatusCode.Forbidden,
            "sso.account_disabled", again);
    }

    [Fact]
    public async Task A_full_tenant_refuses_a_new_account()
    {
        var slug = await _steps.Api.NewTenantAsync(seats: 1);
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "bob@example.test" });
        var connection = await _steps.ConnectAsync(slug, new TestUser(), null);
        using var browser = fixture.Browser();

        await SignInSteps.AssertErrorPageAsync(await _steps.SignInAsync(browser, connection), HttpStatusCode.Forbidden,
            "sso.seats_full", browser);
        Assert.Null(await _steps.AccountAsync(slug, "alice@example.test"));
    }

    [Fact]
    public async Task Concurrent_first_sign_ins_never_take_more_seats_than_there_are()
    {
        var slug = await _steps.Api.NewTenantAsync(seats: 2);
        var people = Enumerable.Range(0, 6).Select(i => new TestUser { Subject = $"rush-{i}", Email = $"rush{i}@example.test" }).ToList();
        var connections = new List<Connection>();
        foreach (var person in people)
        {
            connections.Add(await _steps.ConnectAsync(slug, person, null));   // one client per person at the test provider
        }
        var browsers = people.Select(_ => fixture.Browser()).ToList();
        var callbacks = await Task.WhenAll(browsers.Zip(connections, (browser, connection) => _steps.ToCallbackAsync(browser, connection)));

        var responses = await Task.WhenAll(browsers.Zip(callbacks, (browser, callback) => browser.GetAsync(callback.ToString())));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Redirect))
        {
            Assert.Equal("sso.seats_full", SignInSteps.ErrorCode(await refused.Content.ReadAsStringAsync()));
        }
        var created = 0;
        foreach (var person in people)
        {
            created += await _steps.AccountAsync(slug, person.Email!) is null ? 0 : 1;
        }
        Assert.Equal(2, created);
        browsers.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task An_unverified_email_is_refused_where_verification_is_required()
    {
        var connection = await _steps.ConnectAsync(new TestUser { EmailVerified = false }, new { requireVerifiedEmail = true });
        using var browser = fixture.Browser();

        await SignInSteps.AssertErrorPageAsync(await _steps.SignInAsync(browser, connection), HttpStatusCode.Forbidden,
            "sso.email_unverified", browser);
    }

    [Fact]
    public async Task Groups_map_to_roles_on_every_sign_in_leaving_unmapped_roles_alone()
    {
        var connection = await _steps.ConnectAsync(
            new TestUser { Groups = ["g-admins", "g-other"] },
            new
            {
                claims = new { groups = "groups" },
                groupRoleMappings = new[] { new { group = "g-admins", role = "admin" }, new { group = "g-billing", role = "billing" } },
            },
            roles: ["billing", "auditor"]);
        using (var browser = fixture.Browser())
        {
            await _steps.SignInAsync(browser, connection);
            Assert.Equal(["admin"], (await SignInSteps.MeAsync(browser))!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        }
        var account = (await _steps.AccountAsync(connection.Slug, "alice@example.test"))!;
        await _steps.Api.PatchAsJsonAsync($"/api/tenants/{connection.Slug}/accounts/{account["id"]}", new { roles = new[] { "admin", "auditor" } });

        fixture.Provider.SetUser(connection.ClientId, new TestUser { Groups = ["g-billing"] });
        using var again = fixture.Browser();
        await _steps.SignInAsync(again, connection);

        var roles = (await SignInSteps.MeAsync(again))!["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Order();
        Assert.Equal(["auditor", "billing"], roles);
        Assert.Single(await _steps.AuditAsync(connection.Slug, "account.roles_changed"));
    }

    [Fact]
    public async Task Form_post_answers_complete_the_sign_in()
    {
        var connection = await _steps.ConnectAsync(provider: new { responseMode = "form_post" });
        using var browser = fixture.Browser();

        var (response, _) = await browser.FollowAsync(
            $"{BrowserClient.DoormanOrigin}/sso/login?id={connection.ProviderId}",
            stopAt: url => url.AbsolutePath == "/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(await SignInSteps.MeAsync(browser));
    }

    [Fact]
    public async Task Logout_ends_the_session_and_continues_to_the_providers_end_session_endpoint()
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();
        await _steps.SignInAsync(browser, connection);

        var response = await browser.PostFormAsync($"{BrowserClient.DoormanOrigin}/logout", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var endSession = response.Headers.Location!;
        Assert.StartsWith(fixture.Provider.Url + "/connect/logout", endSession.ToString());
        Assert.False(string.IsNullOrEmpty(SignInSteps.Parameter(endSession, "id_token_hint")));
        Assert.Equal($"{BrowserClient.DoormanOrigin}/signout-callback-{connection.Scheme}",
            SignInSteps.Parameter(endSession, "post_logout_redirect_uri"));
        Assert.Null(await SignInSteps.MeAsync(browser));

        var (back, url) = await browser.FollowAsync(endSession.ToString(), stopAt: u => u.AbsolutePath == "/login");
        Assert.Equal($"/login?account={connection.Slug}", url.PathAndQuery);
    }
}

public sealed class SqliteSignInFlowTests(SqliteSignInFixture fixture)
    : SignInFlowTests<SqliteSignInFixture>(fixture), IClassFixture<SqliteSignInFixture>;

public sealed class PostgresSignInFlowTests(PostgresSignInFixture fixture)
    : SignInFlowTests<PostgresSignInFixture>(fixture), IClassFixture<PostgresSignInFixture>;
