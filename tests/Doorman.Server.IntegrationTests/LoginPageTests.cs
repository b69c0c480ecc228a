using System.Text.RegularExpressions;

namespace Doorman.Server.IntegrationTests;

/// <summary>The tenant's login page, email-first routing and password sign-in.</summary>
public sealed partial class LoginPageTests(SqliteSignInFixture fixture) : IClassFixture<SqliteSignInFixture>
{
    private readonly SignInSteps _steps = new(fixture);

    [Fact]
    public async Task The_tenant_page_shows_its_name_a_button_per_live_provider_and_the_password_form()
    {
        var live = await _steps.ConnectAsync(provider: new { displayName = "Acme Okta", iconUrl = "https://cdn.example/acme.png" });
        await _steps.ConnectAsync(live.Slug, new TestUser(), new { displayName = "Hidden Draft", status = "draft" });
        using var browser = fixture.Browser();

        var html = await (await browser.GetAsync($"{BrowserClient.DoormanOrigin}/login?account={live.Slug}")).Content.ReadAsStringAsync();

        Assert.Contains($"Sign in to Tenant {live.Slug}", html);
        Assert.Contains($"/sso/login?id={live.ProviderId}", html);
        Assert.Contains("Sign in with Acme Okta", html);
        Assert.Contains("width=\"28\" height=\"28\"", html);
        Assert.DoesNotContain("Hidden Draft", html);
        Assert.Contains("action=\"/login/password\"", html);
        Assert.Contains("__RequestVerificationToken", html);
    }

    [Fact]
    public async Task An_unknown_tenant_gets_an_error_page()
    {
        using var browser = fixture.Browser();
        var response = await browser.GetAsync($"{BrowserClient.DoormanOrigin}/login?account=no-such-tenant");
        await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.BadRequest, "login.tenant_not_found", browser);
    }

    [Fact]
    public async Task An_email_on_a_routed_domain_goes_to_its_provider_with_a_login_hint()
    {
        var domain = $"{Guid.NewGuid():N}.example";
        var connection = await _steps.ConnectAsync(new TestUser { Email = $"ann@{domain}" }, new { domains = new[] { domain } });
        using var browser = fixture.Browser();

        var response = await Identify(browser, $"Ann@{domain}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(fixture.Provider.Url + "/connect/authorize", response.Headers.Location!.ToString());
        Assert.Equal($"Ann@{domain}", SignInSteps.Parameter(response.Headers.Location!, "login_hint"));
        var (done, _) = await browser.FollowAsync(response.Headers.Location!.ToString(), first: null);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(connection.Slug, (await SignInSteps.MeAsync(browser))!["tenant"]!["slug"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_email_bound_to_a_provider_goes_to_that_provider()
    {
        var email = $"bound-{Guid.NewGuid():N}@example.test";
        var connection = await _steps.ConnectAsync(new TestUser { Email = email });
        using (var first = fixture.Browser())
        {
            await _steps.SignInAsync(first, connection);
        }
        using var browser = fixture.Browser();

        var response = await Identify(browser, email);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(connection.ClientId, SignInSteps.Parameter(response.Headers.Location!, "client_id"));
    }

    [Fact]
    public async Task An_unknown_email_and_a_password_account_get_the_same_answer()
    {
        var slug = await _steps.Api.NewTenantAsync();
        var email = $"pw-{Guid.NewGuid():N}@example.test";
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email, password = "correct horse battery" });
        using var browser = fixture.Browser();

        var known = await Identify(browser, email, slug);
        var unknown = await Identify(browser, $"nobody-{Guid.NewGuid():N}@example.test", slug);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var knownHtml = await known.Content.ReadAsStringAsync();
        Assert.Contains("name=\"password\"", knownHtml);
        Assert.Equal(Shape(knownHtml), Shape(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_email_in_several_tenants_gets_a_tenant_picker()
    {
        var email = $"multi-{Guid.NewGuid():N}@example.test";
        var first = await _steps.Api.NewTenantAsync();
        var second = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{first}/accounts", new { email });
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{second}/accounts", new { email });
        using var browser = fixture.Browser();

        var html = await (await Identify(browser, email)).Content.ReadAsStringAsync();

        Assert.Contains("Choose your organization", html);
        Assert.Contains($"value=\"{first}\"", html);
        Assert.Contains($"value=\"{second}\"", html);
    }

    [Fact]
    public async Task A_malformed_email_is_refused_next_to_the_field_keeping_what_was_typed()
    {
        using var browser = fixture.Browser();
        var response = await Identify(browser, "not an email");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"email-error\"", html);
        Assert.Contains("value=\"not an email\"", html);
    }

    [Fact]
    public async Task Password_sign_in_starts_a_password_session_and_a_wrong_password_does_not()
    {
        var slug = await _steps.Api.NewTenantAsync();
        var email = $"pw-{Guid.NewGuid():N}@example.test";
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email, password = "correct horse battery", roles = new[] { "admin" } });
        using var browser = fixture.Browser();

        var wrong = await SignInSteps.PasswordSignInAsync(browser, slug, email, "wrong password!!");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("id=\"password-error\"", await wrong.Content.ReadAsStringAsync());
        Assert.Null(await SignInSteps.MeAsync(browser));

        var right = await SignInSteps.PasswordSignInAsync(browser, slug, email.ToUpperInvariant(), "correct horse battery");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var me = (await SignInSteps.MeAsync(browser))!;
        Assert.Equal("password", me["method"]!.GetValue<string>());
        Assert.Null(me["providerId"]);
        Assert.Equal(["admin"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Password_sign_in_without_the_antiforgery_token_is_refused()
    {
        var slug = await _steps.Api.NewTenantAsync();
        var email = $"pw-{Guid.NewGuid():N}@example.test";
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email, password = "correct horse battery" });
        using var browser = fixture.Browser();

        var response = await browser.PostFormAsync($"{BrowserClient.DoormanOrigin}/login/password",
            [new("account", slug), new("email", email), new("password", "correct horse battery")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await SignInSteps.MeAsync(browser));
    }

    [Fact]
    public async Task Me_without_a_session_is_401()
    {
        using var browser = fixture.Browser();
        var response = await browser.GetAsync($"{BrowserClient.DoormanOrigin}/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static Task<HttpResponseMessage> Identify(BrowserClient browser, string email, string? account = null) =>
        browser.PostFormAsync($"{BrowserClient.DoormanOrigin}/login/identify",
            [new("email", email), new("account", account ?? ""), new("returnUrl", "/")]);

    /// <summary>The page with the typed email and the antiforgery token taken out.</summary>
    private static string Shape(string html) =>
        SignInSteps.TokenPattern().Replace(EmailValuePattern().Replace(html, "value=\"EMAIL\""), "TOKEN");

    [GeneratedRegex("value=\"[^\"]*@example\\.test\"")]
    private static partial Regex EmailValuePattern();
}
