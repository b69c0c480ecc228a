using System.Net.Sockets;
using Microsoft.Playwright;

namespace Doorman.E2E.Tests;

/// <summary>
/// A person in a real browser (Debian Chromium through Playwright): types their email on the tenant's
/// sign-in page, signs in on oidc-provider's own login page, lands back signed in, and logs out.
/// </summary>
public sealed class BrowserSignInTests : IAsyncLifetime
{
    private const string Scheme = "acme";
    private const string Domain = "acme.test";

    private readonly string _dataDir = Directory.CreateTempSubdirectory("doorman-e2e-").FullName;
    private readonly string _origin = $"http://127.0.0.1:{FreePort()}";
    private DoormanApp _app = null!;
    private NodeOidcProvider _provider = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _provider = await NodeOidcProvider.StartAsync(
            [$"{_origin}/signin-{Scheme}"], [$"{_origin}/signout-callback-{Scheme}"], autoApprove: false, emailDomain: Domain);
        _app = new DoormanApp(new SqliteTestDatabase(_dataDir), _dataDir, new Dictionary<string, string?> { ["Doorman:PublicOrigin"] = _origin });
        _app.UseKestrel(new Uri(_origin).Port);
        _app.StartServer();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Timeout = 60_000,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    [Fact]
    public async Task A_person_signs_in_by_email_at_the_providers_login_page_and_logs_out()
    {
        using var api = new HttpClient { BaseAddress = new Uri(_origin) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", DoormanApp.OperatorKey);
        var tenant = await api.PostAsJsonAsync("/api/tenants", new { slug = "acme", name = "Acme Corp" });
        Assert.Equal(HttpStatusCode.Created, tenant.StatusCode);
        var provider = await api.PostAsJsonAsync("/api/tenants/acme/providers", new
        {
            displayName = "Acme login", scheme = Scheme, type = "oidc", issuer = _provider.Issuer,
            clientId = NodeOidcProvider.ClientId, clientSecret = NodeOidcProvider.ClientSecret,
            allowInsecureHttp = true, provisioning = "jit", domains = new[] { Domain },
        });
        Assert.Equal(HttpStatusCode.Created, provider.StatusCode);

        var page = await _browser.NewPageAsync();
        await page.GotoAsync($"{_origin}/login?account=acme");
        Assert.Equal("Sign in to Acme Corp", await page.InnerTextAsync("h1"));
        await page.FillAsync("#email", $"alice@{Domain}");
        await page.ClickAsync("button:has-text('Continue')");

        // oidc-provider's own login and consent pages.
        await page.WaitForURLAsync(url => url.StartsWith(_provider.Issuer, StringComparison.Ordinal));
        await page.FillAsync("input[name=login]", "alice");
        await page.FillAsync("input[name=password]", "any password");
        await page.ClickAsync("button[type=submit]");
        await page.ClickAsync("button[type=submit]");

        await page.WaitForURLAsync($"{_origin}/");
        Assert.Equal($"alice@{Domain}", await page.InnerTextAsync("[data-account-email]"));

        var me = JsonNode.Parse(await (await page.GotoAsync($"{_origin}/me"))!.TextAsync())!;
        Assert.Equal("acme", me["tenant"]!["slug"]!.GetValue<string>());
        Assert.Equal(["member"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("sso", me["method"]!.GetValue<string>());

        await page.GotoAsync($"{_origin}/");
        await page.ClickAsync("button:has-text('Sign out')");
        // oidc-provider asks whether to end its own session too.
        await page.WaitForURLAsync(url => url.StartsWith(_provider.Issuer, StringComparison.Ordinal));
        await page.ClickAsync("button[autofocus], button[value=yes]");
        await page.WaitForURLAsync($"{_origin}/login?account=acme");

        var after = await page.GotoAsync($"{_origin}/me");
        Assert.Equal(401, after!.Status);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
