using System.Text.RegularExpressions;

namespace Doorman.Server.IntegrationTests;

/// <summary>
/// Without an SMTP server, mail goes to the outbox (the data folder and an operator page); and the provider pages
/// check the connection before saving.
/// </summary>
public sealed partial class OutboxAndSaveCheckTests(SqliteSignInFixture fixture) : IClassFixture<SqliteSignInFixture>
{
    private const string AdminPassword = SignInSteps.AdminPassword;
    private readonly SignInSteps _steps = new(fixture);

    [Fact]
    public async Task Without_smtp_a_confirmation_code_lands_in_the_outbox_folder_and_on_the_operator_page()
    {
        var (admin, connection, browser) = await _steps.AdminWithProviderAsync();
        using var _ = browser;
        var url = $"{BrowserClient.DoormanOrigin}/admin/providers/{connection.ProviderId}?handler=enabled";
        var page = await (await browser.GetAsync($"{BrowserClient.DoormanOrigin}/admin/providers/{connection.ProviderId}")).Content.ReadAsStringAsync();
        var asked = await browser.PostFormAsync(url, [new("enabled", "false"), new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(page))]);
        Assert.Contains("data-confirm-code", await asked.Content.ReadAsStringAsync());

        var outbox = Path.Combine(fixture.Doorman.DataDir, "outbox");
        var eml = await WaitAsync(() => Directory.Exists(outbox)
            ? Directory.GetFiles(outbox, "*.eml").Select(File.ReadAllText).FirstOrDefault(t => t.Contains(admin, StringComparison.Ordinal))
            : null);
        var code = SixDigits().Match(eml[eml.IndexOf("confirmation code is", StringComparison.Ordinal)..]).Value;
        Assert.Matches("^[0-9]{6}$", code);
        await WaitAsync(() => fixture.App.Logs.Lines.FirstOrDefault(l => l.Contains("kept in the outbox", StringComparison.Ordinal) && l.Contains(admin, StringComparison.Ordinal)));

        // The operator page: sign-in first, tenant keys refused, the operator key lets in.
        using var operatorBrowser = fixture.Browser();
        var anonymous = await operatorBrowser.GetAsync($"{BrowserClient.DoormanOrigin}/operator/outbox");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/operator/signin", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var tenantKey = (await (await _steps.Api.PostAsJsonAsync($"/api/tenants/{connection.Slug}/api-keys", new { name = "tenant" })).JsonAsync())["key"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Unauthorized, (await OperatorSignInAsync(operatorBrowser, tenantKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OperatorSignInAsync(operatorBrowser, DoormanApp.OperatorKey)).StatusCode);
        var listed = await (await operatorBrowser.GetAsync($"{BrowserClient.DoormanOrigin}/operator/outbox")).Content.ReadAsStringAsync();
        Assert.Contains(admin, listed, StringComparison.Ordinal);
        Assert.Contains($"Your confirmation code is {code}", listed, StringComparison.Ordinal);

        // The same list through the API: the operator key only.
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.App.Api(tenantKey).GetAsync("/api/outbox")).StatusCode);
        var api = await (await _steps.Api.GetAsync("/api/outbox")).JsonArrayAsync();
        Assert.Contains(api, m => m!["to"]!.GetValue<string>() == admin && m["status"]!.GetValue<string>() == "sent (outbox)");

        // The code from the outbox confirms the change.
        var confirmed = await browser.PostFormAsync(url, [new("enabled", "false"), new("code", code), new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(page))]);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
    }

    [Fact]
    public async Task The_provider_page_checks_the_connection_before_saving_and_names_the_field_at_fault()
    {
        var (_, connection, browser) = await _steps.AdminWithProviderAsync();
        using var _ = browser;
        var url = $"{BrowserClient.DoormanOrigin}/admin/providers/{connection.ProviderId}";
        var before = await (await _steps.Api.GetAsync($"/api/tenants/{connection.Slug}/providers/{connection.ProviderId}")).JsonAsync();

        var refused = await PostEditFormAsync(browser, url, ("displayName", "Renamed"), ("replaceSecret", "true"), ("clientSecret", "Wr0ng-S3cret-Value"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Matches("data-field-error=\"clientSecret\">[^<]*refused the client secret", html);
        Assert.DoesNotContain("Wr0ng-S3cret-Value", html, StringComparison.Ordinal);
        var unchanged = await (await _steps.Api.GetAsync($"/api/tenants/{connection.Slug}/providers/{connection.ProviderId}")).JsonAsync();
        Assert.Equal(before.ToJsonString(), unchanged.ToJsonString());

        var wrongIssuer = await PostEditFormAsync(browser, url, ("issuer", $"{fixture.Provider.Url}/typo"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongIssuer.StatusCode);
        Assert.Contains("data-field-error=\"issuer\"", await wrongIssuer.Content.ReadAsStringAsync());

        var forced = await PostEditFormAsync(browser, url, ("displayName", "Renamed"), ("replaceSecret", "true"), ("clientSecret", "Wr0ng-S3cret-Value"), ("skipCheck", "true"));
        Assert.Equal(HttpStatusCode.Redirect, forced.StatusCode);
        var saved = await (await _steps.Api.GetAsync($"/api/tenants/{connection.Slug}/providers/{connection.ProviderId}")).JsonAsync();
        Assert.Equal("Renamed", saved["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_edit_form_cannot_enable_or_disable_without_a_code()
    {
        var (_, connection, browser) = await _steps.AdminWithProviderAsync();
        using var _ = browser;
        var saved = await PostEditFormAsync(browser, $"{BrowserClient.DoormanOrigin}/admin/providers/{connection.ProviderId}", ("enabled", "false"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var provider = await (await _steps.Api.GetAsync($"/api/tenants/{connection.Slug}/providers/{connection.ProviderId}")).JsonAsync();
        Assert.True(provider["enabled"]!.GetValue<bool>());
    }


    private static async Task<HttpResponseMessage> OperatorSignInAsync(BrowserClient browser, string key)
    {
        var page = await (await browser.GetAsync($"{BrowserClient.DoormanOrigin}/operator/signin")).Content.ReadAsStringAsync();
        return await browser.PostFormAsync($"{BrowserClient.DoormanOrigin}/operator/signin",
            [new("key", key), new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(page))]);
    }

    /// <summary>Posts the settings form as the page shows it, with some fields changed.</summary>
    private static async Task<HttpResponseMessage> PostEditFormAsync(BrowserClient browser, string url, params (string Name, string Value)[] changes)
    {
        var html = await (await browser.GetAsync(url)).Content.ReadAsStringAsync();
        var form = html[html.LastIndexOf("<form", StringComparison.Ordinal)..];
        var fields = Regex.Matches(form, "<input[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"[^>]*>")
            .Where(m => !m.Value.Contains("type=\"checkbox\"", StringComparison.Ordinal) || m.Value.Contains("checked", StringComparison.Ordinal))
            .Select(m => KeyValuePair.Create(m.Groups[1].Value, System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(f => changes.All(c => c.Name != f.Key))
            .ToList();
        foreach (var select in Regex.Matches(form, "<select[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline).Cast<Match>())
        {
            var chosen = Regex.Match(select.Groups[2].Value, "<option[^>]*value=\"([^\"]*)\"[^>]*selected");
            if (chosen.Success && changes.All(c => c.Name != select.Groups[1].Value))
            {
                fields.Add(new(select.Groups[1].Value, chosen.Groups[1].Value));
            }
        }
        fields.AddRange(changes.Select(c => KeyValuePair.Create(c.Name, c.Value)));
        return await browser.PostFormAsync(url, fields);
    }

    private static async Task<string> WaitAsync(Func<string?> probe)
    {
        for (var i = 0; i < 100; i++)
        {
            if (probe() is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("Nothing arrived.");
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();
}
