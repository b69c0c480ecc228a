namespace Doorman.Server.IntegrationTests;

/// <summary>Doorman with its outgoing calls going to the emulated cloud providers.</summary>
public sealed class CloudFixture : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("doorman-cloud-").FullName;
    private TestDatabase _database = null!;

    public CloudIdentityProvider Cloud { get; private set; } = null!;
    public DoormanApp App { get; private set; } = null!;

    public BrowserClient Browser() => new(App.Server, Cloud.Network());

    public async Task InitializeAsync()
    {
        Cloud = await CloudIdentityProvider.StartAsync();
        _database = new SqliteTestDatabase(_dataDir);
        App = new DoormanApp(_database, _dataDir, new Dictionary<string, string?> { ["Doorman:PublicOrigin"] = BrowserClient.DoormanOrigin })
        {
            Network = Cloud.Network,
        };
        (await App.Api(key: null).GetAsync("/healthz")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _database.DisposeAsync();
        await Cloud.DisposeAsync();
    }
}

/// <summary>Entra ID, Google and Okta, emulated with their issuers and token shapes.</summary>
public sealed class CloudProviderTests(CloudFixture fixture) : IClassFixture<CloudFixture>
{
    // Entra client secrets look like this: '~', '.', and often '+', '/', '='.
    private const string EntraSecret = "Q~8x+Yz/abc=def.ghi~jkl";
    private readonly HttpClient _api = fixture.App.Api();

    [Fact]
    public async Task Entra_signs_in_with_oid_as_subject_and_preferred_username_as_email()
    {
        var user = new CloudUser();
        var (slug, connection) = await ConnectAsync("entra", user, new
        {
            entraTenantId = CloudIdentityProvider.ContosoTenant,
            tokenEndpointAuthMethod = "client_secret_basic",
        });
        using var browser = fixture.Browser();

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, connection)).StatusCode);

        var account = (await (await _api.GetAsync($"/api/tenants/{slug}/accounts?email=alice@contoso.example")).JsonArrayAsync())[0]!;
        Assert.Equal(user.ObjectId, account["externalLogins"]![0]!["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task Entra_pinned_to_a_directory_refuses_tokens_of_another()
    {
        var (_, connection) = await ConnectAsync("entra", new CloudUser { TenantId = CloudIdentityProvider.FabrikamTenant },
            new { entraTenantId = CloudIdentityProvider.ContosoTenant });
        using var browser = fixture.Browser();

        await SignInSteps.AssertErrorPageAsync(await SignInAsync(browser, connection), HttpStatusCode.Unauthorized, "sso.token_invalid", browser);
    }

    [Theory]
    [InlineData("organizations", CloudIdentityProvider.FabrikamTenant, true)]
    [InlineData("organizations", CloudIdentityProvider.ConsumersTenant, false)]
    [InlineData("common", CloudIdentityProvider.FabrikamTenant, true)]
    [InlineData("consumers", CloudIdentityProvider.ConsumersTenant, true)]
    [InlineData("consumers", CloudIdentityProvider.ContosoTenant, false)]
    public async Task Entra_multi_tenant_endpoints_accept_directories_of_their_class(string endpoint, string tid, bool accepted)
    {
        var (_, connection) = await ConnectAsync("entra", new CloudUser { TenantId = tid }, new { entraTenantId = endpoint });
        using var browser = fixture.Browser();

        var response = await SignInAsync(browser, connection);

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        else
        {
            await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.Unauthorized, "sso.token_invalid", browser);
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(true, true)]
    public async Task Entra_email_links_an_existing_account_only_when_xms_edov_vouches_for_it(bool? edov, bool links)
    {
        var slug = await _api.NewTenantAsync();
        await _api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "alice@contoso.example" });
        var (_, connection) = await ConnectAsync("entra", new CloudUser { Email = "alice@contoso.example", DomainOwnerVerified = edov },
            new { entraTenantId = CloudIdentityProvider.ContosoTenant }, slug);
        using var browser = fixture.Browser();

        var response = await SignInAsync(browser, connection);

        if (links)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        else
        {
            await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.Forbidden, "sso.account_link_refused", browser);
        }
    }

    [Fact]
    public async Task Entra_form_post_completes_the_sign_in()
    {
        var (_, connection) = await ConnectAsync("entra", new CloudUser(),
            new { entraTenantId = CloudIdentityProvider.ContosoTenant, responseMode = "form_post" });
        using var browser = fixture.Browser();

        var (response, _) = await browser.FollowAsync($"{BrowserClient.DoormanOrigin}/sso/login?id={connection.ProviderId}",
            stopAt: url => url.AbsolutePath == "/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(await SignInSteps.MeAsync(browser));
    }

    [Theory]
    [InlineData(false, HttpStatusCode.Forbidden)]
    [InlineData(true, HttpStatusCode.Redirect)]
    public async Task Google_requires_a_verified_email_by_default(bool verified, HttpStatusCode expected)
    {
        var (_, connection) = await ConnectAsync("google",
            new CloudUser { ObjectId = "109876543210987654321", Email = "alice@acme.example", EmailVerified = verified }, new { });
        using var browser = fixture.Browser();

        var response = await SignInAsync(browser, connection);

        Assert.Equal(expected, response.StatusCode);
        if (!verified)
        {
            await SignInSteps.AssertErrorPageAsync(response, HttpStatusCode.Forbidden, "sso.email_unverified", browser);
        }
    }

    [Fact]
    public async Task Okta_groups_become_roles()
    {
        var (_, connection) = await ConnectAsync("okta",
            new CloudUser { ObjectId = "00u1abcd2EFGH3ijk4l5", Email = "alice@acme.example", EmailVerified = true, Groups = ["Everyone", "Doorman Admins"] },
            new
            {
                oktaDomain = CloudIdentityProvider.OktaHost,
                claims = new { groups = "groups" },
                groupRoleMappings = new[] { new { group = "Doorman Admins", role = "admin" } },
            });
        using var browser = fixture.Browser();

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, connection)).StatusCode);
        Assert.Equal(["admin"], (await SignInSteps.MeAsync(browser))!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    private async Task<(string Slug, Connection Connection)> ConnectAsync(string type, CloudUser user, object locator, string? slug = null)
    {
        slug ??= await _api.NewTenantAsync();
        var scheme = ApiTestExtensions.NewScheme();
        var clientId = Guid.NewGuid().ToString();
        fixture.Cloud.AddClient(clientId, EntraSecret, $"{BrowserClient.DoormanOrigin}/signin-{scheme}", user);
        var body = new JsonObject
        {
            ["displayName"] = type, ["scheme"] = scheme, ["type"] = type, ["clientId"] = clientId,
            ["clientSecret"] = EntraSecret, ["provisioning"] = "jit",
        };
        foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(locator)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }
        var response = await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (slug, new Connection(slug, (await response.JsonAsync())["id"]!.GetValue<string>(), scheme, clientId));
    }

    private static async Task<HttpResponseMessage> SignInAsync(BrowserClient browser, Connection connection)
    {
        var (_, callback) = await browser.FollowAsync($"{BrowserClient.DoormanOrigin}/sso/login?id={connection.ProviderId}", SignInSteps.IsCallback);
        Assert.True(SignInSteps.IsCallback(callback), $"did not reach the callback: {callback}");
        return await browser.GetAsync(callback.ToString());
    }
}
