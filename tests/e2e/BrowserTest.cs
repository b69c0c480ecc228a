using System.Net.Sockets;
using Microsoft.Playwright;

namespace Doorman.E2E.Tests;

/// <summary>
/// Doorman on a real port, panva's oidc-provider with its own login pages, and headless Debian Chromium.
/// One set per test class; the classes run one after another (one browser at a time on small machines).
/// </summary>
[Collection(Name)]
public abstract class BrowserTest(params string[] schemes) : IAsyncLifetime
{
    public const string Name = "browser";

    private readonly string _dataDir = Directory.CreateTempSubdirectory("doorman-e2e-").FullName;
    private IPlaywright _playwright = null!;

    protected string Origin { get; } = $"http://127.0.0.1:{FreePort()}";
    protected DoormanApp App { get; private set; } = null!;
    protected NodeOidcProvider Provider { get; private set; } = null!;
    protected IBrowser Browser { get; private set; } = null!;
    protected HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await NodeOidcProvider.StartAsync(
            schemes.Select(s => $"{Origin}/signin-{s}"), schemes.Select(s => $"{Origin}/signout-callback-{s}"),
            autoApprove: false, emailDomain: "acme.test");
        App = new DoormanApp(new SqliteTestDatabase(_dataDir), _dataDir, new Dictionary<string, string?> { ["Doorman:PublicOrigin"] = Origin });
        App.UseKestrel(new Uri(Origin).Port);
        App.StartServer();
        Api = new HttpClient { BaseAddress = new Uri(Origin) };
        Api.DefaultRequestHeaders.Authorization = new("Bearer", DoormanApp.OperatorKey);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Timeout = 60_000,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>Signs in at oidc-provider's own login and consent pages (any password works there).</summary>
    protected async Task SignInAtProviderAsync(IPage page, string login)
    {
        await page.WaitForURLAsync(url => url.StartsWith(Provider.Issuer + "/", StringComparison.Ordinal));
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", "any password");
        await page.ClickAsync("button[type=submit]");
        // The consent page comes next; clicking before the login page is gone would press its button again.
        await page.WaitForSelectorAsync("input[name=login]", new() { State = WaitForSelectorState.Detached });
        await page.ClickAsync("button[type=submit]");
    }

    /// <summary>Signs in with a password on the tenant's page.</summary>
    protected async Task SignInWithPasswordAsync(IPage page, string tenant, string email, string password)
    {
        await page.GotoAsync($"{Origin}/login?account={tenant}");
        await page.FillAsync("#password-email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button:has-text('Sign in with password')");
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        Api.Dispose();
        await App.DisposeAsync();
        await Provider.DisposeAsync();
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

[CollectionDefinition(BrowserTest.Name, DisableParallelization = true)]
public sealed class BrowserCollection;
