namespace Doorman.Server.IntegrationTests;

/// <summary>Changing a provider safely in the pages: test sign-in (changes nothing), going live, renaming.</summary>
public sealed class ProviderLifecycleTests(SqliteSignInFixture fixture) : IClassFixture<SqliteSignInFixture>
{
    private readonly SignInSteps _steps = new(fixture);

    [Fact]
    public async Task A_draft_provider_test_shows_the_claims_and_the_outcome_and_leaves_accounts_and_session_alone()
    {
        var slug = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts",
            new { email = "admin@example.test", roles = new[] { "admin" }, password = "the admin's passphrase" });
        var draft = await _steps.ConnectAsync(slug, new TestUser { Groups = ["staff"] },
            new { status = "draft", claims = new { groups = "groups" }, groupRoleMappings = new[] { new { group = "staff", role = "admin" } } });
        using var browser = fixture.Browser();
        await SignInSteps.PasswordSignInAsync(browser, slug, "admin@example.test", "the admin's passphrase");
        var before = await (await _steps.Api.GetAsync($"/api/tenants/{slug}/accounts")).JsonArrayAsync();

        var page = await (await browser.GetAsync($"{BrowserClient.DoormanOrigin}/admin/providers/{draft.ProviderId}")).Content.ReadAsStringAsync();
        var start = await browser.PostFormAsync($"{BrowserClient.DoormanOrigin}/admin/providers/{draft.ProviderId}?handler=testSignIn",
            [new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(page))]);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var (result, _) = await browser.FollowAsync(start.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        var html = await result.Content.ReadAsStringAsync();
        Assert.Contains("A new account would be created for alice@example.test", html);
        Assert.Contains("data-test-roles>admin<", html);
        Assert.Contains("data-test-subject>alice<", html);
        var after = await (await _steps.Api.GetAsync($"/api/tenants/{slug}/accounts")).JsonArrayAsync();
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        var me = (await SignInSteps.MeAsync(browser))!;
        Assert.Equal("admin@example.test", me["account"]!["email"]!.GetValue<string>());
        Assert.Equal("password", me["method"]!.GetValue<string>());
        Assert.Single(await _steps.AuditAsync(slug, "provider.test_signin"));
    }

    [Fact]
    public async Task Activating_an_untested_draft_in_the_pages_asks_for_confirmation_first()
    {
        var slug = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts",
            new { email = "admin@example.test", roles = new[] { "admin" }, password = "the admin's passphrase" });
        var draft = await _steps.ConnectAsync(slug, new TestUser(), new { status = "draft" });
        using var browser = fixture.Browser();
        await SignInSteps.PasswordSignInAsync(browser, slug, "admin@example.test", "the admin's passphrase");
        var url = $"{BrowserClient.DoormanOrigin}/admin/providers/{draft.ProviderId}";

        var asked = await PostFormAsync(browser, url, confirm: false);
        Assert.Contains("data-confirm-activation", await asked.Content.ReadAsStringAsync());
        Assert.Equal("draft", (await ProviderAsync(slug, draft))["status"]!.GetValue<string>());

        var confirmed = await PostFormAsync(browser, url, confirm: true);
        Assert.True(confirmed.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", System.Text.RegularExpressions.Regex.Matches(await confirmed.Content.ReadAsStringAsync(), "data-field-error=\"([^\"]+)\">([^<]+)<").Select(m => m.Groups[1].Value + ": " + m.Groups[2].Value)));
        Assert.Equal("active", (await ProviderAsync(slug, draft))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Renaming_the_scheme_keeps_linked_sign_ins_and_warns_about_the_new_redirect_uri()
    {
        var slug = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts",
            new { email = "admin@example.test", roles = new[] { "admin" }, password = "the admin's passphrase" });
        var connection = await _steps.ConnectAsync(slug, new TestUser(), null);
        using (var person = fixture.Browser())
        {
            await _steps.SignInAsync(person, connection);
        }
        using var admin = fixture.Browser();
        await SignInSteps.PasswordSignInAsync(admin, slug, "admin@example.test", "the admin's passphrase");
        var renamed = ApiTestExtensions.NewScheme();

        var saved = await PostFormAsync(admin, $"{BrowserClient.DoormanOrigin}/admin/providers/{connection.ProviderId}", confirm: false, scheme: renamed);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await (await admin.GetAsync(new Uri(new Uri(BrowserClient.DoormanOrigin), saved.Headers.Location!).ToString())).Content.ReadAsStringAsync();

        Assert.Contains("data-renamed", page);
        Assert.Contains($"/signin-{renamed}", page);
        Assert.Single((await _steps.AccountAsync(slug, "alice@example.test"))!["externalLogins"]!.AsArray());
        using var stale = fixture.Browser();
        var old = await stale.GetAsync($"{BrowserClient.DoormanOrigin}/signin-{connection.Scheme}?code=x&state=y");
        await SignInSteps.AssertErrorPageAsync(old, HttpStatusCode.BadRequest, "sso.provider_not_found", stale);
    }

    private async Task<JsonObject> ProviderAsync(string slug, Connection connection) =>
        await (await _steps.Api.GetAsync($"/api/tenants/{slug}/providers/{connection.ProviderId}")).JsonAsync();

    /// <summary>Posts the edit form as the page filled it, with the status switched to active.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(BrowserClient browser, string url, bool confirm, string? scheme = null)
    {
        var html = await (await browser.GetAsync(url)).Content.ReadAsStringAsync();
        var form = html[html.LastIndexOf("<form", StringComparison.Ordinal)..];
        var fields = System.Text.RegularExpressions.Regex.Matches(form, "<input[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"[^>]*>")
            .Where(m => !m.Value.Contains("type=\"checkbox\"", StringComparison.Ordinal) || m.Value.Contains("checked", StringComparison.Ordinal))
            .Select(m => KeyValuePair.Create(m.Groups[1].Value, System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(f => f.Key != "status" && (scheme is null || f.Key != "scheme"))
            .ToList();
        fields.Add(new("status", "active"));
        fields.Add(new("provisioning", "jit"));
        fields.Add(new("defaultRole", "member"));
        fields.Add(new("tokenEndpointAuthMethod", "client_secret_post"));
        fields.Add(new("responseMode", "query"));
        if (confirm)
        {
            fields.Add(new("confirmActivate", "true"));
        }
        if (scheme is not null)
        {
            fields.Add(new("scheme", scheme));
        }
        return await browser.PostFormAsync(url, fields);
    }

    [Fact]
    public async Task A_member_cannot_start_a_test_sign_in()
    {
        var slug = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts",
            new { email = "member@example.test", password = "the member's passphrase" });
        var draft = await _steps.ConnectAsync(slug, new TestUser(), new { status = "draft" });
        using var browser = fixture.Browser();
        await SignInSteps.PasswordSignInAsync(browser, slug, "member@example.test", "the member's passphrase");

        var response = await browser.GetAsync($"{BrowserClient.DoormanOrigin}/admin/providers/{draft.ProviderId}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
