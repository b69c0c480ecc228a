using System.Text.RegularExpressions;
using OtpNet;

namespace Doorman.Server.IntegrationTests;

/// <summary>Local authenticator codes after SSO or a password: enrollment, codes, recovery codes, replay.</summary>
public sealed partial class LocalMfaTests(SqliteSignInFixture fixture) : IClassFixture<SqliteSignInFixture>
{
    private const string MfaUrl = $"{BrowserClient.DoormanOrigin}/login/mfa";
    private readonly SignInSteps _steps = new(fixture);

    [Fact]
    public async Task A_provider_that_requires_mfa_asks_for_enrollment_then_a_code_on_every_sign_in()
    {
        var connection = await _steps.ConnectAsync(provider: new { requireMfa = true });
        using var browser = fixture.Browser();

        var callback = await _steps.SignInAsync(browser, connection);
        Assert.Equal("/login/mfa", callback.Headers.Location!.OriginalString);
        Assert.Null(await SignInSteps.MeAsync(browser));

        var enrollPage = await (await browser.GetAsync(MfaUrl)).Content.ReadAsStringAsync();
        var secret = SecretPattern().Match(enrollPage).Groups[1].Value;
        Assert.Contains("<svg", enrollPage);
        var wrong = await PostCodeAsync(browser, enrollPage, "000000");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Null(await SignInSteps.MeAsync(browser));

        var enrollmentCode = Code(secret);
        var enrolled = await PostCodeAsync(browser, enrollPage, enrollmentCode);
        var recoveryPage = await enrolled.Content.ReadAsStringAsync();
        var recoveryCodes = RecoveryPattern().Matches(recoveryPage).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recoveryCodes.Count);
        Assert.NotNull(await SignInSteps.MeAsync(browser));

        // Next sign-in: the same code (already used) is refused, a recovery code works once.
        using var again = fixture.Browser();
        await _steps.SignInAsync(again, connection);
        var codePage = await (await again.GetAsync(MfaUrl)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-totp-secret", codePage);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostCodeAsync(again, codePage, enrollmentCode)).StatusCode);
        var recovered = await PostCodeAsync(again, codePage, recoveryCodes[0]);
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.NotNull(await SignInSteps.MeAsync(again));

        using var third = fixture.Browser();
        await _steps.SignInAsync(third, connection);
        var thirdPage = await (await third.GetAsync(MfaUrl)).Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await PostCodeAsync(third, thirdPage, recoveryCodes[0])).StatusCode);
        Assert.Null(await SignInSteps.MeAsync(third));
        Assert.NotEmpty(await _steps.AuditAsync(connection.Slug, "account.mfa_enrolled"));
    }

    [Fact]
    public async Task An_account_that_requires_mfa_is_asked_after_sso_even_when_the_provider_does_not()
    {
        var connection = await _steps.ConnectAsync();
        using (var first = fixture.Browser())
        {
            await _steps.SignInAsync(first, connection);
        }
        var account = (await _steps.AccountAsync(connection.Slug, "alice@example.test"))!;
        var patch = await _steps.Api.PatchAsJsonAsync($"/api/tenants/{connection.Slug}/accounts/{account["id"]}", new { requireMfa = true });
        Assert.True((await patch.JsonAsync())["requireMfa"]!.GetValue<bool>());

        using var browser = fixture.Browser();
        var response = await _steps.SignInAsync(browser, connection);

        Assert.Equal("/login/mfa", response.Headers.Location!.OriginalString);
        Assert.Null(await SignInSteps.MeAsync(browser));
    }

    [Fact]
    public async Task A_person_sets_up_an_authenticator_in_their_profile_and_password_sign_in_then_asks_for_it()
    {
        var slug = await _steps.Api.NewTenantAsync();
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "pat@example.test", password = "pat's long passphrase" });
        using var browser = fixture.Browser();
        Assert.Equal("/", (await SignInSteps.PasswordSignInAsync(browser, slug, "pat@example.test", "pat's long passphrase")).Headers.Location!.OriginalString);

        var (_, enrolled) = await EnrollInProfileAsync(browser);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Equal(10, RecoveryPattern().Matches(await enrolled.Content.ReadAsStringAsync()).Count);
        Assert.True((await _steps.AccountAsync(slug, "pat@example.test"))!["mfaEnrolled"]!.GetValue<bool>());

        using var later = fixture.Browser();
        Assert.Equal("/login/mfa", (await SignInSteps.PasswordSignInAsync(later, slug, "pat@example.test", "pat's long passphrase")).Headers.Location!.OriginalString);
        Assert.Null(await SignInSteps.MeAsync(later));
    }

    [Fact]
    public async Task Without_a_pending_sign_in_the_code_page_says_to_start_again()
    {
        using var browser = fixture.Browser();
        var response = await browser.GetAsync(MfaUrl);
        await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.BadRequest, "sso.state_invalid", browser);
    }

    [Fact]
    public async Task Ten_wrong_codes_pause_the_code_check_and_signing_in_again_does_not_start_the_count_again()
    {
        var slug = await _steps.Api.NewTenantAsync();
        const string Passphrase = "quinn's long passphrase";
        await _steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "quinn@example.test", password = Passphrase });
        using var owner = new BrowserClient(fixture.App.Server) { Peer = "203.0.113.1" };
        await SignInSteps.PasswordSignInAsync(owner, slug, "quinn@example.test", Passphrase);
        var (secret, _) = await EnrollInProfileAsync(owner);
        var wrong = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow.AddHours(-3));

        // Someone with the password tries codes, signing in again halfway: the count goes on.
        for (var round = 0; round < 2; round++)
        {
            using var guesser = new BrowserClient(fixture.App.Server) { Peer = $"203.0.113.{round + 10}" };
            Assert.Equal("/login/mfa", (await SignInSteps.PasswordSignInAsync(guesser, slug, "quinn@example.test", Passphrase)).Headers.Location!.OriginalString);
            var page = await (await guesser.GetAsync(MfaUrl)).Content.ReadAsStringAsync();
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.BadRequest, (await PostCodeAsync(guesser, page, wrong)).StatusCode);
            }
            if (round == 1)
            {
                var paused = await PostCodeAsync(guesser, page, Code(secret));
                Assert.Equal(HttpStatusCode.TooManyRequests, paused.StatusCode);
                Assert.Contains("Too many wrong codes in a row", await paused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Null(await SignInSteps.MeAsync(guesser));
            }
        }
        Assert.Single(await _steps.AuditAsync(slug, "account.mfa_paused"));

        try
        {
            fixture.Doorman.Clock.Offset = TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(5);
            using var later = new BrowserClient(fixture.App.Server) { Peer = "203.0.113.50" };
            await SignInSteps.PasswordSignInAsync(later, slug, "quinn@example.test", Passphrase);
            var page = await (await later.GetAsync(MfaUrl)).Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Redirect, (await PostCodeAsync(later, page, Code(secret, fixture.Doorman.Clock.Offset))).StatusCode);
            Assert.NotNull(await SignInSteps.MeAsync(later));
        }
        finally
        {
            fixture.Doorman.Clock.Offset = TimeSpan.Zero;
        }
    }

    /// <summary>Sets up an authenticator on /account of the signed-in browser: its secret, and the answer with the recovery codes.</summary>
    private static async Task<(string Secret, HttpResponseMessage Enrolled)> EnrollInProfileAsync(BrowserClient browser)
    {
        var enrollPage = await (await browser.GetAsync($"{BrowserClient.DoormanOrigin}/account?handler=enroll")).Content.ReadAsStringAsync();
        var secret = SecretPattern().Match(enrollPage).Groups[1].Value;
        var enrolled = await browser.PostFormAsync($"{BrowserClient.DoormanOrigin}/account?handler=enroll",
        [
            new("code", Code(secret)), new("enrollment", System.Net.WebUtility.HtmlDecode(EnrollmentPattern().Match(enrollPage).Groups[1].Value)),
            new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(enrollPage)),
        ]);
        return (secret, enrolled);
    }

    private static string Code(string secret, TimeSpan? shift = null) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow + (shift ?? TimeSpan.Zero));

    private static Task<HttpResponseMessage> PostCodeAsync(BrowserClient browser, string page, string code)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("code", code),
            new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(page)),
        };
        if (EnrollmentPattern().Match(page) is { Success: true } enrollment)
        {
            fields.Add(new("enrollment", System.Net.WebUtility.HtmlDecode(enrollment.Groups[1].Value)));
        }
        return browser.PostFormAsync(MfaUrl, fields);
    }

    [GeneratedRegex("<code data-totp-secret>([A-Z2-7]+)</code>")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>")]
    private static partial Regex RecoveryPattern();

    [GeneratedRegex("name=\"enrollment\" value=\"([^\"]+)\"")]
    private static partial Regex EnrollmentPattern();
}
