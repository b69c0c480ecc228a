using Microsoft.Playwright;

namespace Doorman.E2E.Tests;

/// <summary>Tenant administration in a real browser, against oidc-provider.</summary>
public sealed class AdminPagesTests() : BrowserTest(Scheme, ProvisionedScheme)
{
    private const string Scheme = "globex";
    private const string ProvisionedScheme = "initech";
    private const string AdminPassword = "a long admin passphrase";

    [Fact]
    public async Task An_admin_connects_a_provider_through_the_pages_tests_it_routes_a_domain_and_a_person_signs_in_by_email()
    {
        await TenantWithAdminAsync("globex", "Globex Inc");
        var admin = await Browser.NewPageAsync();
        await SignInWithPasswordAsync(admin, "globex", AdminEmail("globex"), AdminPassword);
        await admin.WaitForURLAsync($"{Origin}/");

        await admin.GotoAsync($"{Origin}/admin/providers");
        await admin.ClickAsync("text=Connect a provider");
        await Screenshot(admin, "admin-connect-choose-type");
        await admin.ClickAsync("[data-type=oidc]");
        await admin.FillAsync("#f-displayName", "Globex login");
        await admin.FillAsync("#f-scheme", Scheme);
        await admin.FillAsync("#f-issuer", Provider.Issuer);
        await admin.FillAsync("#f-clientId", NodeOidcProvider.ClientId);
        await admin.FillAsync("#f-clientSecret", NodeOidcProvider.ClientSecret);
        await admin.SelectOptionAsync("#f-provisioning", "jit");
        await admin.FillAsync("#f-domains", "globex.test");
        await admin.ClickAsync("details.advanced > summary");
        await admin.CheckAsync("input[name=allowInsecureHttp][type=checkbox]");
        await Screenshot(admin, "admin-connect-form");
        await admin.ClickAsync("button:has-text('Save')");

        await admin.WaitForSelectorAsync("text=Saved.");
        Assert.Equal($"{Origin}/signin-{Scheme}", await admin.InputValueAsync("#redirect-uri"));
        Assert.StartsWith($"{Origin}/sso/login?id=", await admin.InputValueAsync("#login-url"));
        Assert.DoesNotContain(NodeOidcProvider.ClientSecret, await admin.ContentAsync());
        Assert.True(await admin.IsDisabledAsync("#f-clientSecret"), "the stored secret's field is locked");

        await admin.ClickAsync("button:has-text('Discover endpoints / Test')");
        await admin.WaitForSelectorAsync("[data-test-result=ok]");
        Assert.Contains($"{Provider.Issuer}/token", await admin.InnerTextAsync("[data-test-result]"));
        await Screenshot(admin, "admin-provider");

        await admin.GotoAsync($"{Origin}/admin/providers");
        Assert.Contains("globex.test", await admin.InnerTextAsync("table"));
        Assert.DoesNotContain(NodeOidcProvider.ClientSecret, await admin.ContentAsync());
        await Screenshot(admin, "admin-providers");

        var person = await (await Browser.NewContextAsync()).NewPageAsync();
        await person.GotoAsync($"{Origin}/login?account=globex");
        await Screenshot(person, "login-page");
        await person.FillAsync("#email", "bob@globex.test");
        await person.ClickAsync("button:has-text('Continue')");
        await SignInAtProviderAsync(person, "bob@globex.test");
        await person.WaitForURLAsync($"{Origin}/");
        var me = JsonNode.Parse(await (await person.GotoAsync($"{Origin}/me"))!.TextAsync())!;
        Assert.Equal("bob@globex.test", me["account"]!["email"]!.GetValue<string>());
        Assert.Equal("globex", me["tenant"]!["slug"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_provider_form_says_why_next_to_each_field_and_keeps_what_was_typed()
    {
        await TenantWithAdminAsync("initech", "Initech");
        var admin = await Browser.NewPageAsync();
        await SignInWithPasswordAsync(admin, "initech", AdminEmail("initech"), AdminPassword);
        await admin.WaitForURLAsync($"{Origin}/");

        await admin.GotoAsync($"{Origin}/admin/providers/new?type=oidc");
        await admin.FillAsync("#f-displayName", "Initech login");
        await admin.FillAsync("#f-scheme", "bad scheme!");
        await admin.FillAsync("#f-issuer", "not a url");
        await admin.FillAsync("#f-clientSecret", "typed-secret-value");
        await admin.FillAsync("#f-domains", "gmail.com");
        var response = await admin.RunAndWaitForResponseAsync(() => admin.ClickAsync("button:has-text('Save')"),
            r => r.Url.EndsWith("/admin/providers/new", StringComparison.Ordinal) && r.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        // The answer arriving is not the page being shown: wait for the refused form itself.
        await admin.WaitForSelectorAsync("[data-field-error]");
        foreach (var field in new[] { "scheme", "issuer", "clientId", "domains" })
        {
            Assert.True(await admin.IsVisibleAsync($"[data-field-error='{field}']"), $"no message next to {field}");
        }
        Assert.Equal("not a url", await admin.InputValueAsync("#f-issuer"));
        Assert.Equal("Initech login", await admin.InputValueAsync("#f-displayName"));
        Assert.DoesNotContain("typed-secret-value", await admin.ContentAsync());
        await Screenshot(admin, "admin-form-errors");
    }

    [Fact]
    public async Task A_member_cannot_open_admin_pages_and_an_admin_never_sees_another_tenant()
    {
        await TenantWithAdminAsync("umbrella", "Umbrella");
        await Api.PostAsJsonAsync("/api/tenants/umbrella/accounts",
            new { email = "member@umbrella.test", roles = new[] { "member" }, password = "a long member passphrase" });
        var other = await TenantWithAdminAsync("hooli", "Hooli");
        var hooliProvider = await (await Api.PostAsJsonAsync($"/api/tenants/{other}/providers", new
        {
            displayName = "Hooli", scheme = "hooli", type = "oidc", issuer = "https://idp.hooli.example", clientId = "hooli",
        })).Content.ReadFromJsonAsync<JsonObject>();

        var member = await (await Browser.NewContextAsync()).NewPageAsync();
        await SignInWithPasswordAsync(member, "umbrella", "member@umbrella.test", "a long member passphrase");
        await member.WaitForURLAsync($"{Origin}/");
        Assert.Equal(403, (await member.GotoAsync($"{Origin}/admin/providers"))!.Status);

        var admin = await (await Browser.NewContextAsync()).NewPageAsync();
        await SignInWithPasswordAsync(admin, "umbrella", AdminEmail("umbrella"), AdminPassword);
        await admin.WaitForURLAsync($"{Origin}/");
        Assert.Equal(404, (await admin.GotoAsync($"{Origin}/admin/providers/{hooliProvider!["id"]}"))!.Status);
        await admin.GotoAsync($"{Origin}/admin/providers");
        Assert.DoesNotContain("Hooli", await admin.ContentAsync());

        var anonymous = await (await Browser.NewContextAsync()).NewPageAsync();
        await anonymous.GotoAsync($"{Origin}/admin/providers");
        Assert.StartsWith($"{Origin}/login", anonymous.Url);
    }

    [Fact]
    public async Task An_admin_manages_accounts_reads_the_audit_log_and_issues_an_api_key()
    {
        await TenantWithAdminAsync("stark", "Stark");
        var admin = await Browser.NewPageAsync();
        await SignInWithPasswordAsync(admin, "stark", AdminEmail("stark"), AdminPassword);
        await admin.WaitForURLAsync($"{Origin}/");

        await admin.GotoAsync($"{Origin}/admin/accounts");
        await admin.FillAsync("#f-email", "not-an-email");
        await admin.FillAsync("#f-name", "Pepper Potts");
        await admin.ClickAsync("button:has-text('Create account')");
        await admin.WaitForSelectorAsync("[data-field-error=email]");
        Assert.Equal("Pepper Potts", await admin.InputValueAsync("#f-name"));
        await admin.FillAsync("#f-email", "pepper@stark.test");
        await admin.ClickAsync("button:has-text('Create account')");
        await admin.WaitForSelectorAsync("h1:has-text('pepper@stark.test')");
        await admin.ClickAsync("button:has-text('Disable account')");
        await admin.WaitForSelectorAsync("[data-account-status]:has-text('Disabled')");
        await Screenshot(admin, "admin-account");

        await admin.GotoAsync($"{Origin}/admin/audit?action=account.updated");
        var audit = await admin.InnerTextAsync("table");
        Assert.Contains("status active → disabled", audit);
        Assert.DoesNotContain("account.created", audit);
        await Screenshot(admin, "admin-audit");

        await admin.GotoAsync($"{Origin}/admin/api-keys");
        await admin.ClickAsync("button:has-text('Create key')");
        await admin.WaitForSelectorAsync("[data-field-error=name]");   // an empty key name is refused next to the field
        await admin.FillAsync("#f-name", "HR sync");
        await admin.ClickAsync("button:has-text('Create key')");
        var key = await admin.InputValueAsync("#new-key");
        using var script = new HttpClient { BaseAddress = new Uri(Origin) };
        script.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/tenants/stark")).StatusCode);
        await admin.GotoAsync($"{Origin}/admin/api-keys");
        Assert.DoesNotContain(key, await admin.ContentAsync());
        await admin.ClickAsync("button:has-text('Revoke')");
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/tenants/stark")).StatusCode);

        await admin.GotoAsync($"{Origin}/admin/organization");
        await admin.FillAsync("#f-roles", "billing\nNot A Role");
        await admin.ClickAsync("button:has-text('Save')");
        await admin.WaitForSelectorAsync("[data-field-error=roles]");
        Assert.Equal("billing\nNot A Role", await admin.InputValueAsync("#f-roles"));
        await admin.FillAsync("#f-roles", "billing\nauditor");
        await admin.ClickAsync("button:has-text('Save')");
        await admin.WaitForSelectorAsync("text=Saved.");
        var tenant = await Api.GetFromJsonAsync<JsonObject>("/api/tenants/stark");
        Assert.Equal(["admin", "member", "auditor", "billing"], tenant!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task An_admin_sets_up_provisioning_and_a_pushed_person_signs_in_with_the_role_of_a_pushed_group()
    {
        await TenantWithAdminAsync("initech", "Initech");
        var provider = await (await Api.PostAsJsonAsync("/api/tenants/initech/providers", new
        {
            displayName = "Initech login", scheme = ProvisionedScheme, type = "oidc", issuer = Provider.Issuer,
            clientId = NodeOidcProvider.ClientId, clientSecret = NodeOidcProvider.ClientSecret, allowInsecureHttp = true,
            provisioning = "manual", groupRoleMappings = new[] { new { group = "Initech Admins", role = "admin" } },
        })).Content.ReadFromJsonAsync<JsonObject>();
        var admin = await Browser.NewPageAsync();
        await SignInWithPasswordAsync(admin, "initech", AdminEmail("initech"), AdminPassword);
        await admin.WaitForURLAsync($"{Origin}/");

        await admin.GotoAsync($"{Origin}/admin/provisioning");
        Assert.Equal($"{Origin}/scim/v2/initech", await admin.InputValueAsync("#scim-url"));
        await admin.ClickAsync("button:has-text('Create token')");
        await admin.WaitForSelectorAsync("[data-field-error=name]");
        await admin.FillAsync("#f-name", "Initech directory");
        await admin.ClickAsync("button:has-text('Create token')");
        var token = await admin.InputValueAsync("#new-token");
        Assert.StartsWith("scim_", token);
        await Screenshot(admin, "admin-provisioning");

        // The provider pushes a person (externalId = the subject it signs them in with) and a group holding them.
        using var scim = new HttpClient { BaseAddress = new Uri($"{Origin}/scim/v2/initech/") };
        scim.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var user = await ScimPostAsync(scim, "Users", new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
            ["userName"] = "milton@initech.test", ["externalId"] = "milton@initech.test", ["displayName"] = "Milton Waddams",
        });
        await ScimPostAsync(scim, "Groups", new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:Group"), ["displayName"] = "Initech Admins",
            ["members"] = new JsonArray(new JsonObject { ["value"] = user["id"]!.GetValue<string>() }),
        });
        await admin.ReloadAsync();
        Assert.Contains("1 provisioned", await admin.InnerTextAsync("main"));
        Assert.Contains("admin", await admin.InnerTextAsync("[data-scim-group='Initech Admins']"));   // the role its members get

        var person = await (await Browser.NewContextAsync()).NewPageAsync();
        await person.GotoAsync($"{Origin}/sso/login?id={provider!["id"]}");
        await SignInAtProviderAsync(person, "milton@initech.test");
        await person.WaitForURLAsync($"{Origin}/");
        var me = JsonNode.Parse(await (await person.GotoAsync($"{Origin}/me"))!.TextAsync())!;
        Assert.Equal(user["id"]!.GetValue<string>(), me["account"]!["id"]!.GetValue<string>());
        Assert.Contains("admin", me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        // Deactivated by the provider: the session ends at once.
        var patch = new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
            ["Operations"] = new JsonArray(new JsonObject { ["op"] = "Replace", ["path"] = "active", ["value"] = "False" }),
        };
        var deactivated = await scim.PatchAsync($"Users/{user["id"]}", new StringContent(patch.ToJsonString(), System.Text.Encoding.UTF8, "application/scim+json"));
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.Equal(401, (await person.GotoAsync($"{Origin}/me"))!.Status);
    }

    private static async Task<JsonObject> ScimPostAsync(HttpClient scim, string resource, JsonObject body)
    {
        var response = await scim.PostAsync(resource, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/scim+json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static string AdminEmail(string tenant) => $"admin@{tenant}.test";

    private async Task<string> TenantWithAdminAsync(string slug, string name)
    {
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsJsonAsync("/api/tenants", new { slug, name })).StatusCode);
        var account = await Api.PostAsJsonAsync($"/api/tenants/{slug}/accounts",
            new { email = AdminEmail(slug), name = "Admin", roles = new[] { "admin" }, password = AdminPassword });
        Assert.Equal(HttpStatusCode.Created, account.StatusCode);
        return slug;
    }

    /// <summary>With DOORMAN_SCREENSHOTS set to a folder (docs/images), the main pages are saved there for the guides.</summary>
    private static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("DOORMAN_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }
}
