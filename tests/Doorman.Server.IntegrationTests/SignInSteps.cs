using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Doorman.Server.IntegrationTests;

/// <summary>A tenant with a provider connected to the test OpenIddict server, and the steps of a sign-in through it.</summary>
internal sealed partial class SignInSteps(SignInFixture fixture)
{
    public const string Secret = "s3cr+t/with=chars&more";

    public HttpClient Api { get; } = fixture.App.Api();

    public async Task<Connection> ConnectAsync(TestUser? user = null, object? provider = null, int? seats = null, string[]? roles = null)
    {
        var slug = await Api.NewTenantAsync(seats, roles);
        return await ConnectAsync(slug, user, provider);
    }

    public async Task<Connection> ConnectAsync(string slug, TestUser? user, object? provider)
    {
        var scheme = ApiTestExtensions.NewScheme();
        var clientId = await fixture.Provider.AddClientAsync(
            $"{BrowserClient.DoormanOrigin}/signin-{scheme}", Secret, user,
            postLogoutRedirectUri: $"{BrowserClient.DoormanOrigin}/signout-callback-{scheme}");
        var body = (JsonObject)ApiTestExtensions.Oidc(scheme, fixture.Provider.Issuer, new
        {
            clientId,
            clientSecret = Secret,
            allowInsecureHttp = true,
            provisioning = "jit",
        });
        if (provider is not null)
        {
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(provider)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }
        var response = await Api.PostAsJsonAsync($"/api/tenants/{slug}/providers", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        return new Connection(slug, created["id"]!.GetValue<string>(), scheme, clientId);
    }

    public const string AdminPassword = "the admin's passphrase";

    /// <summary>A new tenant with a provider, and a browser signed in (by password) as one of its admins.</summary>
    public async Task<(string Admin, Connection Connection, BrowserClient Browser)> AdminWithProviderAsync(object? provider = null)
    {
        var slug = await Api.NewTenantAsync();
        var admin = $"admin-{Guid.NewGuid():N}@example.test";
        await Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = admin, roles = new[] { "admin" }, password = AdminPassword });
        var connection = await ConnectAsync(slug, null, provider);
        var browser = fixture.Browser();
        await PasswordSignInAsync(browser, slug, admin, AdminPassword);
        return (admin, connection, browser);
    }

    /// <summary>From the direct link to the moment the provider sends the browser back: the callback URL, unsent.</summary>
    public async Task<Uri> ToCallbackAsync(BrowserClient browser, Connection connection, string? returnUrl = null)
    {
        var start = $"{BrowserClient.DoormanOrigin}/sso/login?id={connection.ProviderId}" +
                    (returnUrl is null ? "" : $"&returnUrl={Uri.EscapeDataString(returnUrl)}");
        var (response, url) = await browser.FollowAsync(start, IsCallback);
        Assert.True(IsCallback(url), $"expected to reach the callback, stopped at {url} with {(int)response.StatusCode}");
        return url;
    }

    /// <summary>A whole sign-in: the last answer (a redirect after success, an error page after failure).</summary>
    public async Task<HttpResponseMessage> SignInAsync(BrowserClient browser, Connection connection, string? returnUrl = null)
    {
        var callback = await ToCallbackAsync(browser, connection, returnUrl);
        return await browser.GetAsync(callback.ToString());
    }

    public static bool IsCallback(Uri url) =>
        url.GetLeftPart(UriPartial.Authority) == BrowserClient.DoormanOrigin && url.AbsolutePath.StartsWith("/signin-", StringComparison.Ordinal);

    public static async Task<JsonObject?> MeAsync(BrowserClient browser)
    {
        var response = await browser.GetAsync($"{BrowserClient.DoormanOrigin}/me");
        return response.StatusCode == HttpStatusCode.OK ? await response.JsonAsync() : null;
    }

    /// <summary>Asserts a sign-in error page: its status, its code, and that no session came with it.</summary>
    public static async Task AssertErrorPageAsync(HttpResponseMessage response, HttpStatusCode status, string code, BrowserClient browser)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {ErrorCode(html)}");
        Assert.Equal(code, ErrorCode(html));
        Assert.Null(await MeAsync(browser));
    }

    public static string? ErrorCode(string html) => ErrorCodePattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static Uri WithParameter(Uri url, string name, string? value)
    {
        var query = QueryHelpers.ParseQuery(url.Query).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        if (value is null)
        {
            query.Remove(name);
        }
        else
        {
            query[name] = value;
        }
        return new Uri(QueryHelpers.AddQueryString(url.GetLeftPart(UriPartial.Path), query!));
    }

    public static string Parameter(Uri url, string name) => QueryHelpers.ParseQuery(url.Query)[name].ToString();

    public async Task<JsonObject?> AccountAsync(string slug, string email)
    {
        var accounts = await (await Api.GetAsync($"/api/tenants/{slug}/accounts?email={Uri.EscapeDataString(email)}")).JsonArrayAsync();
        return accounts.Count == 0 ? null : accounts[0]!.AsObject();
    }

    public async Task<JsonArray> AuditAsync(string slug, string action) =>
        await (await Api.GetAsync($"/api/tenants/{slug}/audit?action={action}")).JsonArrayAsync();

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string AntiforgeryToken(string html) => TokenPattern().Match(html).Groups[1].Value;

    /// <summary>Signs in with the password form of the tenant's page, as a browser would (antiforgery token included).</summary>
    public static async Task<HttpResponseMessage> PasswordSignInAsync(BrowserClient browser, string slug, string email, string password)
    {
        var page = await (await browser.GetAsync($"{BrowserClient.DoormanOrigin}/login?account={slug}")).Content.ReadAsStringAsync();
        return await browser.PostFormAsync($"{BrowserClient.DoormanOrigin}/login/password",
        [
            new("account", slug), new("email", email), new("password", password), new("returnUrl", "/"),
            new("__RequestVerificationToken", AntiforgeryToken(page)),
        ]);
    }

    [GeneratedRegex("<code data-error-code>([^<]*)</code>")]
    private static partial Regex ErrorCodePattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex TokenPattern();
}

internal sealed record Connection(string Slug, string ProviderId, string Scheme, string ClientId);
