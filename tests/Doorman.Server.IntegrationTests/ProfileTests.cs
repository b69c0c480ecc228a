namespace Doorman.Server.IntegrationTests;

/// <summary>A person's own account page: linking and removing sign-ins, and their password.</summary>
public sealed class ProfileTests(SqliteSignInFixture fixture) : IClassFixture<SqliteSignInFixture>
{
    private readonly SignInSteps _steps = new(fixture);

    [Fact]
    public async Task A_person_links_another_provider_of_their_tenant_from_their_profile()
    {
        var first = await _steps.ConnectAsync();
        var second = await _steps.ConnectAsync(first.Slug, new TestUser { Subject = "alice-at-second" }, new { provisioning = "manual" });
        using var browser = fixture.Browser();
        await _steps.SignInAsync(browser, first);

        var response = await PostAsync(browser, "link", ("providerId", second.ProviderId));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (done, url) = await browser.FollowAsync(response.Headers.Location!.ToString(), first: null);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("/account", url.AbsolutePath);
        var logins = (await _steps.AccountAsync(first.Slug, "alice@example.test"))!["externalLogins"]!.AsArray();
        Assert.Equal(["alice", "alice-at-second"], logins.Select(l => l!["subject"]!.GetValue<string>()).Order());
        Assert.Equal(first.ProviderId, (await SignInSteps.MeAsync(browser))!["providerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Linking_an_identity_that_belongs_to_another_account_is_refused()
    {
        var first = await _steps.ConnectAsync();
        var second = await _steps.ConnectAsync(first.Slug, new TestUser { Subject = "shared", Email = "bob@example.test" }, null);
        using (var bob = fixture.Browser())
        {
            await _steps.SignInAsync(bob, second);
        }
        using var browser = fixture.Browser();
        await _steps.SignInAsync(browser, first);

        var response = await PostAsync(browser, "link", ("providerId", second.ProviderId));
        var callback = (await browser.FollowAsync(response.Headers.Location!.ToString(), SignInSteps.IsCallback)).Url;
        var answer = await browser.GetAsync(callback.ToString());

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal("sso.identity_in_use", SignInSteps.ErrorCode(await answer.Content.ReadAsStringAsync()));
        Assert.Single((await _steps.AccountAsync(first.Slug, "alice@example.test"))!["externalLogins"]!.AsArray());
    }

    [Fact]
    public async Task The_last_way_to_sign_in_cannot_be_removed_but_one_of_two_can()
    {
        var connection = await _steps.ConnectAsync();
        using var browser = fixture.Browser();
        await _steps.SignInAsync(browser, connection);

        var refused = await PostAsync(browser, "unlink", ("providerId", connection.ProviderId));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("only way to sign in", await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(browser, "password",
            ("password", "a brand new passphrase"), ("confirmPassword", "a brand new passphrase"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(browser, "unlink", ("providerId", connection.ProviderId))).StatusCode);
        var account = (await _steps.AccountAsync(connection.Slug, "alice@example.test"))!;
        Assert.Empty(account["externalLogins"]!.AsArray());
        Assert.True(account["hasPassword"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Changing_a_password_needs_the_current_one()
    {
        var slug = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "pat@example.test", password = "the old passphrase" });
        using var browser = fixture.Browser();
        await SignInSteps.PasswordSignInAsync(browser, slug, "pat@example.test", "the old passphrase");

        var wrong = await PostAsync(browser, "password",
            ("currentPassword", "not the old one"), ("password", "the new passphrase"), ("confirmPassword", "the new passphrase"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("data-field-error=\"currentPassword\"", await wrong.Content.ReadAsStringAsync());

        var right = await PostAsync(browser, "password",
            ("currentPassword", "the old passphrase"), ("password", "the new passphrase"), ("confirmPassword", "the new passphrase"));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Single(await _steps.AuditAsync(slug, "account.password_changed"));
    }

    [Fact]
    public async Task The_profile_needs_a_session()
    {
        using var browser = fixture.Browser();
        var response = await browser.GetAsync($"{BrowserClient.DoormanOrigin}/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.OriginalString);
    }

    private static async Task<HttpResponseMessage> PostAsync(BrowserClient browser, string handler, params (string Name, string Value)[] fields)
    {
        var page = await (await browser.GetAsync($"{BrowserClient.DoormanOrigin}/account")).Content.ReadAsStringAsync();
        return await browser.PostFormAsync($"{BrowserClient.DoormanOrigin}/account?handler={handler}",
            [.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(page))]);
    }

}
