namespace Doorman.E2E.Tests;

/// <summary>
/// A person in a real browser types their email on the tenant's sign-in page, signs in on oidc-provider's
/// own login page, lands back signed in, and logs out.
/// </summary>
public sealed class BrowserSignInTests() : BrowserTest(Scheme)
{
    private const string Scheme = "acme";
    private const string Domain = "acme.test";

    [Fact]
    public async Task A_person_signs_in_by_email_at_the_providers_login_page_and_logs_out()
    {
        var tenant = await Api.PostAsJsonAsync("/api/tenants", new { slug = "acme", name = "Acme Corp" });
        Assert.Equal(HttpStatusCode.Created, tenant.StatusCode);
        var provider = await Api.PostAsJsonAsync("/api/tenants/acme/providers", new
        {
            displayName = "Acme login", scheme = Scheme, type = "oidc", issuer = Provider.Issuer,
            clientId = NodeOidcProvider.ClientId, clientSecret = NodeOidcProvider.ClientSecret,
            allowInsecureHttp = true, provisioning = "jit", domains = new[] { Domain },
        });
        Assert.Equal(HttpStatusCode.Created, provider.StatusCode);

        var page = await Browser.NewPageAsync();
        await page.GotoAsync($"{Origin}/login?account=acme");
        Assert.Equal("Sign in to Acme Corp", await page.InnerTextAsync("h1"));
        await page.FillAsync("#email", $"alice@{Domain}");
        await page.ClickAsync("button:has-text('Continue')");
        await SignInAtProviderAsync(page, "alice");

        await page.WaitForURLAsync($"{Origin}/");
        Assert.Equal($"alice@{Domain}", await page.InnerTextAsync("[data-account-email]"));

        var me = JsonNode.Parse(await (await page.GotoAsync($"{Origin}/me"))!.TextAsync())!;
        Assert.Equal("acme", me["tenant"]!["slug"]!.GetValue<string>());
        Assert.Equal(["member"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("sso", me["method"]!.GetValue<string>());

        await page.GotoAsync($"{Origin}/");
        await page.ClickAsync("button:has-text('Sign out')");
        // oidc-provider asks whether to end its own session too.
        await page.WaitForURLAsync(url => url.StartsWith(Provider.Issuer + "/", StringComparison.Ordinal));
        await page.ClickAsync("button[autofocus], button[value=yes]");
        await page.WaitForURLAsync($"{Origin}/login?account=acme");

        var after = await page.GotoAsync($"{Origin}/me");
        Assert.Equal(401, after!.Status);
    }
}
