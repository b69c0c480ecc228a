namespace Doorman.Server.IntegrationTests;

/// <summary>Wrong passwords in a row pause password sign-in to the account, without telling anyone that it exists.</summary>
public abstract class PasswordLockoutTests<TFixture>(TFixture fixture) where TFixture : SignInFixture
{
    private const string Password = "correct horse battery";
    private readonly SignInSteps _steps = new(fixture);

    [Fact]
    public async Task Ten_wrong_passwords_pause_password_sign_in_for_fifteen_minutes_and_the_answer_says_no_more()
    {
        var (slug, email) = await AccountAsync();
        using var browser = new BrowserClient(fixture.App.Server) { Peer = "198.51.100.1" };
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInSteps.PasswordSignInAsync(browser, slug, email, $"guess {i}")).StatusCode);
        }

        var paused = await SignInSteps.PasswordSignInAsync(browser, slug, email, Password);
        Assert.Equal(HttpStatusCode.Unauthorized, paused.StatusCode);
        var unknown = await SignInSteps.PasswordSignInAsync(browser, slug, $"nobody-{Guid.NewGuid():N}@example.test", Password);
        Assert.Equal(PasswordError(await unknown.Content.ReadAsStringAsync()), PasswordError(await paused.Content.ReadAsStringAsync()));
        Assert.Contains("pauses for 15 minutes", PasswordError(await paused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Null(await SignInSteps.MeAsync(browser));
        Assert.Single(await _steps.AuditAsync(slug, "account.password_paused"));
        Assert.Contains(await _steps.AuditAsync(slug, "signin.failed"),   // the admin reads why; the person doesn't
            e => e!["detail"]!.GetValue<string>().Contains("paused after wrong passwords", StringComparison.Ordinal));

        // The organization's admin sees the pause on the account's page.
        var admin = $"admin-{Guid.NewGuid():N}@example.test";
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = admin, roles = new[] { "admin" }, password = Password });
        using var adminBrowser = new BrowserClient(fixture.App.Server) { Peer = "198.51.100.2" };
        await SignInSteps.PasswordSignInAsync(adminBrowser, slug, admin, Password);
        var id = (await _steps.AccountAsync(slug, email))!["id"]!.GetValue<string>();
        var page = await (await adminBrowser.GetAsync($"{BrowserClient.DoormanOrigin}/admin/accounts/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("data-password-paused", page, StringComparison.Ordinal);

        try
        {
            fixture.Doorman.Clock.Offset = TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(5);
            Assert.Equal(HttpStatusCode.Redirect, (await SignInSteps.PasswordSignInAsync(browser, slug, email, Password)).StatusCode);
            Assert.NotNull(await SignInSteps.MeAsync(browser));
        }
        finally
        {
            fixture.Doorman.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Parallel_guesses_are_each_counted_so_they_cannot_get_past_the_limit()
    {
        var (slug, email) = await AccountAsync();
        // Each guess from its own address, so the per-address rate limit doesn't stop them first.
        var guesses = Enumerable.Range(0, 24).Select(async i =>
        {
            using var guesser = new BrowserClient(fixture.App.Server) { Peer = $"198.51.100.{i + 10}" };
            return (await SignInSteps.PasswordSignInAsync(guesser, slug, email, $"guess {i}")).StatusCode;
        });
        Assert.All(await Task.WhenAll(guesses), status => Assert.Equal(HttpStatusCode.Unauthorized, status));

        using var owner = new BrowserClient(fixture.App.Server) { Peer = "198.51.100.200" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInSteps.PasswordSignInAsync(owner, slug, email, Password)).StatusCode);
    }

    [Fact]
    public async Task A_right_password_starts_the_count_again()
    {
        var (slug, email) = await AccountAsync();
        using var browser = new BrowserClient(fixture.App.Server) { Peer = "198.51.100.250" };
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 9; i++)
            {
                await SignInSteps.PasswordSignInAsync(browser, slug, email, $"typo {i}");
            }
            Assert.Equal(HttpStatusCode.Redirect, (await SignInSteps.PasswordSignInAsync(browser, slug, email, Password)).StatusCode);
        }
        Assert.Empty(await _steps.AuditAsync(slug, "account.password_paused"));
    }

    private async Task<(string Slug, string Email)> AccountAsync()
    {
        var slug = await _steps.Api.NewTenantAsync();
        var email = $"pw-{Guid.NewGuid():N}@example.test";
        Assert.Equal(HttpStatusCode.Created,
            (await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email, password = Password })).StatusCode);
        return (slug, email);
    }

    private static string PasswordError(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "id=\"password-error\"[^>]*>([^<]*)<").Groups[1].Value;
}

public sealed class SqlitePasswordLockoutTests(SqliteSignInFixture fixture)
    : PasswordLockoutTests<SqliteSignInFixture>(fixture), IClassFixture<SqliteSignInFixture>;

public sealed class PostgresPasswordLockoutTests(PostgresSignInFixture fixture)
    : PasswordLockoutTests<PostgresSignInFixture>(fixture), IClassFixture<PostgresSignInFixture>;
