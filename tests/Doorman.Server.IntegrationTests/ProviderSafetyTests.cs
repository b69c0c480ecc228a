using Microsoft.Extensions.DependencyInjection;

namespace Doorman.Server.IntegrationTests;

/// <summary>
/// The safety rails of issue 5 with real mail: Doorman sends through an SMTP server process (authentication
/// required) and the tests read what it received. Confirmation codes, secret-expiry reminders, the
/// configuration-error notice, the expiry banner.
/// </summary>
public sealed class ProviderSafetyTests(MailSignInFixture fixture) : IClassFixture<MailSignInFixture>
{
    private const string AdminPassword = SignInSteps.AdminPassword;
    private readonly SignInSteps _steps = new(fixture);

    [Fact]
    public async Task Disabling_a_provider_needs_the_code_mailed_to_the_acting_admin_and_each_code_works_once()
    {
        var (admin, connection, browser) = await _steps.AdminWithProviderAsync();
        using var _ = browser;
        var url = $"{BrowserClient.DoormanOrigin}/admin/providers/{connection.ProviderId}?handler=enabled";

        var asked = await PostAsync(browser, url, ("enabled", "false"));
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("data-confirm-code", await asked.Content.ReadAsStringAsync());
        Assert.True(await EnabledAsync(connection));
        var mail = await fixture.Smtp.WaitForAsync(admin, m => m.Subject.Contains("disable", StringComparison.Ordinal));
        Assert.Equal(MailSignInFixture.SmtpUser, mail.AuthenticatedAs);
        Assert.Contains("sso@doorman.test", mail.From, StringComparison.Ordinal);
        var code = SmtpTestServer.CodeIn(mail);
        Assert.Matches("^[0-9]{6}$", code);

        var wrong = await PostAsync(browser, url, ("enabled", "false"), ("code", code == "000000" ? "111111" : "000000"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("4 tries left", await wrong.Content.ReadAsStringAsync());
        Assert.True(await EnabledAsync(connection));

        var right = await PostAsync(browser, url, ("enabled", "false"), ("code", code));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.False(await EnabledAsync(connection));

        // The same code again, now to re-enable: a code is for one change, once.
        var reused = await PostAsync(browser, url, ("enabled", "true"), ("code", code));
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("No code is waiting", await reused.Content.ReadAsStringAsync());
        var again = await PostAsync(browser, url, ("enabled", "false"), ("code", code));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.False(await EnabledAsync(connection));

        Assert.Single(await _steps.AuditAsync(connection.Slug, "confirmation.accepted"));
        Assert.Equal(3, (await _steps.AuditAsync(connection.Slug, "confirmation.refused")).Count);
        var sent = Assert.Single(await _steps.AuditAsync(connection.Slug, "confirmation.sent"));
        Assert.DoesNotContain(code, sent!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_is_refused_after_five_wrong_tries_even_when_the_sixth_is_right()
    {
        var (admin, connection, browser) = await _steps.AdminWithProviderAsync();
        using var _ = browser;
        var url = $"{BrowserClient.DoormanOrigin}/admin/providers/{connection.ProviderId}?handler=enabled";
        await PostAsync(browser, url, ("enabled", "false"));
        var code = SmtpTestServer.CodeIn(await fixture.Smtp.WaitForAsync(admin, m => m.Subject.Contains("disable", StringComparison.Ordinal)));
        var wrongCode = code == "123456" ? "654321" : "123456";

        for (var i = 0; i < ConfirmationAttempts; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(browser, url, ("enabled", "false"), ("code", wrongCode))).StatusCode);
        }
        var late = await PostAsync(browser, url, ("enabled", "false"), ("code", code));
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("Too many wrong tries", await late.Content.ReadAsStringAsync());
        Assert.True(await EnabledAsync(connection));
    }

    [Fact]
    public async Task A_code_is_refused_after_ten_minutes_and_a_new_one_replaces_it()
    {
        var (admin, connection, browser) = await _steps.AdminWithProviderAsync();
        using var _ = browser;
        var url = $"{BrowserClient.DoormanOrigin}/admin/providers/{connection.ProviderId}/delete";
        await PostAsync(browser, url);
        var first = SmtpTestServer.CodeIn(await fixture.Smtp.WaitForAsync(admin, m => m.Subject.Contains("delete", StringComparison.Ordinal)));

        fixture.Doorman.Clock.Offset = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5);
        try
        {
            var expired = await PostAsync(browser, url, ("code", first));
            Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
            Assert.Contains("The code has expired", await expired.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await _steps.Api.GetAsync($"/api/tenants/{connection.Slug}/providers/{connection.ProviderId}")).StatusCode);

            var before = (await fixture.Smtp.MessagesAsync()).Count;
            await PostAsync(browser, url, ("resend", "true"));
            var second = SmtpTestServer.CodeIn(await fixture.Smtp.WaitForAsync(admin,
                m => m.Subject.Contains("delete", StringComparison.Ordinal) && SmtpTestServer.CodeIn(m) != first));
            Assert.True((await fixture.Smtp.MessagesAsync()).Count > before);

            var deleted = await PostAsync(browser, url, ("code", second));
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _steps.Api.GetAsync($"/api/tenants/{connection.Slug}/providers/{connection.ProviderId}")).StatusCode);
        }
        finally
        {
            fixture.Doorman.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Codes_are_for_the_admin_who_asked_not_for_another_admin()
    {
        var (admin, connection, browser) = await _steps.AdminWithProviderAsync();
        using var _ = browser;
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{connection.Slug}/accounts",
            new { email = "second-admin@example.test", roles = new[] { "admin" }, password = AdminPassword });
        using var other = fixture.Browser();
        await SignInSteps.PasswordSignInAsync(other, connection.Slug, "second-admin@example.test", AdminPassword);
        var url = $"{BrowserClient.DoormanOrigin}/admin/providers/{connection.ProviderId}?handler=enabled";

        await PostAsync(browser, url, ("enabled", "false"));
        var code = SmtpTestServer.CodeIn(await fixture.Smtp.WaitForAsync(admin, m => m.Subject.Contains("disable", StringComparison.Ordinal)));
        var stolen = await PostAsync(other, url, ("enabled", "false"), ("code", code));

        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.True(await EnabledAsync(connection));
    }

    [Fact]
    public async Task Secret_expiry_reminders_go_to_every_admin_once_at_30_7_and_1_days_and_at_expiry()
    {
        var slug = await _steps.Api.NewTenantAsync();
        foreach (var (email, role) in new[] { ("ada@example.test", "admin"), ("bob@example.test", "admin"), ("cy@example.test", "member") })
        {
            await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email, roles = new[] { role } });
        }
        var expiresAt = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(45));
        var connection = await _steps.ConnectAsync(slug, null, new { displayName = "Acme SSO", clientSecretExpiresAt = expiresAt.ToString("yyyy-MM-dd") });
        var reminders = fixture.App.Services.GetRequiredService<Doorman.Server.Features.Notices.SecretExpiryReminders>();
        var received = new List<string>();
        var expiry = expiresAt.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        async Task RunAsync(double daysLeft)
        {
            fixture.Doorman.Clock.Offset = expiry - DateTime.UtcNow - TimeSpan.FromDays(daysLeft);
            await reminders.SendDueAsync(CancellationToken.None);
            await reminders.SendDueAsync(CancellationToken.None);   // a second turn, or another node: nothing more
            await DeliveredAsync();   // before the clock moves again
        }

        try
        {
            await RunAsync(35);     // nothing yet
            await RunAsync(29);
            await RunAsync(28);
            await RunAsync(6);
            await RunAsync(0.5);
            await RunAsync(-1);     // expired
            await RunAsync(-2);
        }
        finally
        {
            fixture.Doorman.Clock.Offset = TimeSpan.Zero;
        }

        foreach (var admin in new[] { "ada@example.test", "bob@example.test" })
        {
            await fixture.Smtp.WaitForAsync(admin, m => m.Subject.Contains("has expired", StringComparison.Ordinal));
            var subjects = (await fixture.Smtp.MessagesAsync())
                .Where(m => m.To.Contains(admin) && m.Subject.Contains("Acme SSO", StringComparison.Ordinal)).Select(m => m.Subject).ToList();
            Assert.Equal(4, subjects.Count);
            Assert.Contains("expires in 29 days", subjects[0], StringComparison.Ordinal);
            Assert.Contains("expires in 6 days", subjects[1], StringComparison.Ordinal);
            Assert.Contains("expires tomorrow", subjects[2], StringComparison.Ordinal);
            Assert.Contains("has expired", subjects[3], StringComparison.Ordinal);
        }
        Assert.DoesNotContain(await fixture.Smtp.MessagesAsync(), m => m.To.Contains("cy@example.test"));
        Assert.Equal(4, (await _steps.AuditAsync(slug, "provider.secret_expiry_reminder")).Count);
        _ = connection;
    }

    [Fact]
    public async Task Admin_pages_show_a_banner_while_a_secret_is_near_or_past_expiry()
    {
        var (_, connection, browser) = await _steps.AdminWithProviderAsync(new { displayName = "Soon expiring", clientSecretExpiresAt = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(5)).ToString("yyyy-MM-dd") });
        using var __ = browser;

        var list = await (await browser.GetAsync($"{BrowserClient.DoormanOrigin}/admin/providers")).Content.ReadAsStringAsync();
        Assert.Contains("data-secret-expiry", list);
        Assert.Contains("expires in 5 days", list);
        var accounts = await (await browser.GetAsync($"{BrowserClient.DoormanOrigin}/admin/accounts")).Content.ReadAsStringAsync();
        Assert.Contains("data-secret-expiry", accounts);

        await _steps.Api.PutAsJsonAsync($"/api/tenants/{connection.Slug}/providers/{connection.ProviderId}",
            await ReplaceExpiryAsync(connection, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(90))));
        var later = await (await browser.GetAsync($"{BrowserClient.DoormanOrigin}/admin/providers")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-secret-expiry", later);
    }

    [Fact]
    public async Task A_sign_in_refused_for_the_client_secret_tells_the_admins_by_mail_at_most_once_a_day()
    {
        var slug = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "ops-admin@example.test", roles = new[] { "admin" } });
        var connection = await _steps.ConnectAsync(slug, null, new { displayName = "Rotated secret IdP", clientSecret = "the secret that expired" });

        for (var i = 0; i < 2; i++)
        {
            using var browser = fixture.Browser();
            var failed = await _steps.SignInAsync(browser, connection);
            await SignInSteps.AssertErrorPageAsync(failed, HttpStatusCode.BadRequest, "sso.configuration_error", browser);
        }

        var notice = await fixture.Smtp.WaitForAsync("ops-admin@example.test", m => m.Subject.Contains("Rotated secret IdP", StringComparison.Ordinal));
        Assert.Contains("configuration error", notice.Subject, StringComparison.Ordinal);
        Assert.Contains($"{BrowserClient.DoormanOrigin}/admin/providers/{connection.ProviderId}", notice.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("the secret that expired", notice.Text, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(await fixture.Smtp.MessagesAsync(), m => m.To.Contains("ops-admin@example.test"));
        Assert.Single(await _steps.AuditAsync(slug, "provider.configuration_error_notice"));
    }

    private const int ConfirmationAttempts = 5;

    /// <summary>Waits until the operator outbox holds nothing queued.</summary>
    private async Task DeliveredAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            var outbox = await (await _steps.Api.GetAsync("/api/outbox?limit=500")).JsonArrayAsync();
            if (outbox.All(m => m!["status"]!.GetValue<string>().StartsWith("sent", StringComparison.Ordinal)))
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("Queued mail was not delivered.");
    }


    /// <summary>Posts a form of the provider page, as the browser would: with the page's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostAsync(BrowserClient browser, string url, params (string Name, string Value)[] fields)
    {
        var page = await (await browser.GetAsync(url.Split('?')[0])).Content.ReadAsStringAsync();
        return await browser.PostFormAsync(url,
            [.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(page))]);
    }

    private async Task<bool> EnabledAsync(Connection connection) =>
        (await (await _steps.Api.GetAsync($"/api/tenants/{connection.Slug}/providers/{connection.ProviderId}")).JsonAsync())["enabled"]!.GetValue<bool>();

    private async Task<JsonObject> ReplaceExpiryAsync(Connection connection, DateOnly expiresAt)
    {
        var stored = await (await _steps.Api.GetAsync($"/api/tenants/{connection.Slug}/providers/{connection.ProviderId}")).JsonAsync();
        stored["clientSecretExpiresAt"] = expiresAt.ToString("yyyy-MM-dd");
        return stored;
    }
}
