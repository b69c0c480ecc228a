using System.Text;
using static Doorman.Server.IntegrationTests.ScimSteps;

namespace Doorman.Server.IntegrationTests;

/// <summary>The SCIM 2.0 service (RFC 7643/7644) with the request shapes of Entra ID and Okta, and SSO into provisioned accounts.</summary>
public abstract class ScimTests<TFixture>(TFixture fixture) where TFixture : SignInFixture
{
    private readonly ScimSteps _scim = new(fixture);
    private SignInSteps Steps => _scim.SignIn;

    [Fact]
    public async Task Tokens_are_shown_once_linked_to_a_provider_and_required()
    {
        var (slug, connection, _) = await ScimAsync();
        var missing = await Steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/scim-tokens", new { name = "x", providerId = Guid.NewGuid() });
        await missing.AssertFieldErrorAsync("providerId");
        var created = await (await Steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/scim-tokens",
            new { name = "second", providerId = connection.ProviderId })).JsonAsync();
        var listed = await (await Steps.Api.GetAsync($"/api/tenants/{slug}/scim-tokens")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(created["token"]!.GetValue<string>(), listed, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(null).GetAsync($"/scim/v2/{slug}/Users")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client("scim_not-a-token").GetAsync($"/scim/v2/{slug}/Users")).StatusCode);
        var otherSlug = await Steps.Api.NewTenantAsync();
        var wrongTenant = await Client(created["token"]!.GetValue<string>()).GetAsync($"/scim/v2/{otherSlug}/Users");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongTenant.StatusCode);
        var error = await wrongTenant.JsonAsync();
        Assert.Equal("401", error["status"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await Client(created["token"]!.GetValue<string>()).GetAsync($"/scim/v2/{slug}/Users")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Steps.Api.DeleteAsync($"/api/tenants/{slug}/scim-tokens/{created["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(created["token"]!.GetValue<string>()).GetAsync($"/scim/v2/{slug}/Users")).StatusCode);
        Assert.Single(await Steps.AuditAsync(slug, "scim_token.revoked"));
    }

    [Fact]
    public async Task Users_are_created_read_filtered_and_paged()
    {
        var (slug, _, scim) = await ScimAsync();
        var ann = await CreateAsync(scim, slug, User("ann.lee@corp.example", "ext-ann", "Ann Lee", department: "Finance"));
        Assert.Equal(HttpStatusCode.Created, ann.StatusCode);
        var id = (await ann.JsonAsync())["id"]!.GetValue<string>();
        Assert.EndsWith($"/scim/v2/{slug}/Users/{id}", ann.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("application/scim+json", ann.Content.Headers.ContentType!.MediaType);
        await CreateAsync(scim, slug, User("bob.stone@corp.example", "ext-bob", "Bob Stone"));
        await CreateAsync(scim, slug, User("cara.lee@corp.example", "ext-cara", "Cara Lee", active: false));

        var duplicate = await CreateAsync(scim, slug, User("ANN.LEE@corp.example", "ext-other", "Ann again"));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("uniqueness", (await duplicate.JsonAsync())["scimType"]!.GetValue<string>());

        async Task<List<string>> FilterAsync(string filter) =>
            [.. (await (await scim.GetAsync($"/scim/v2/{slug}/Users?filter={Uri.EscapeDataString(filter)}")).JsonAsync())["Resources"]!.AsArray()
                .Select(r => r!["userName"]!.GetValue<string>()).Order()];

        Assert.Equal(["ann.lee@corp.example"], await FilterAsync("userName eq \"Ann.Lee@corp.example\""));
        Assert.Equal(["bob.stone@corp.example"], await FilterAsync("externalId eq \"ext-bob\""));
        Assert.Empty(await FilterAsync("externalId eq \"EXT-BOB\""));   // externalId is case-exact
        Assert.Equal(["ann.lee@corp.example", "cara.lee@corp.example"], await FilterAsync("displayName co \"lee\""));
        Assert.Equal(["bob.stone@corp.example"], await FilterAsync("emails.value sw \"bob\""));
        Assert.Equal(["ann.lee@corp.example", "bob.stone@corp.example", "cara.lee@corp.example"], await FilterAsync("externalId pr"));
        Assert.Equal(["ann.lee@corp.example"], await FilterAsync("displayName co \"lee\" and active eq true"));
        Assert.Equal(["bob.stone@corp.example", "cara.lee@corp.example"], await FilterAsync("(userName sw \"bob\") or active eq false"));
        Assert.Equal(["ann.lee@corp.example"], await FilterAsync("urn:ietf:params:scim:schemas:core:2.0:User:USERNAME eq \"ann.lee@corp.example\""));
        Assert.Equal(["cara.lee@corp.example"], await FilterAsync("not (active eq true)"));

        var invalid = await scim.GetAsync($"/scim/v2/{slug}/Users?filter={Uri.EscapeDataString("userName eq")}");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("invalidFilter", (await invalid.JsonAsync())["scimType"]!.GetValue<string>());
        var unknown = await scim.GetAsync($"/scim/v2/{slug}/Users?filter={Uri.EscapeDataString("shoeSize eq \"9\"")}");
        Assert.Equal("invalidFilter", (await unknown.JsonAsync())["scimType"]!.GetValue<string>());

        var page = await (await scim.GetAsync($"/scim/v2/{slug}/Users?startIndex=2&count=1")).JsonAsync();
        Assert.Equal(3, page["totalResults"]!.GetValue<int>());
        Assert.Equal(2, page["startIndex"]!.GetValue<int>());
        Assert.Equal("bob.stone@corp.example", Assert.Single(page["Resources"]!.AsArray())!["userName"]!.GetValue<string>());

        var only = await (await scim.GetAsync($"/scim/v2/{slug}/Users/{id}?attributes=userName,name.givenName")).JsonAsync();
        Assert.Equal(["id", "name", "schemas", "userName"], only.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["givenName"], only["name"]!.AsObject().Select(p => p.Key));
        var without = await (await scim.GetAsync($"/scim/v2/{slug}/Users/{id}?excludedAttributes=emails,{Enterprise}")).JsonAsync();
        Assert.False(without.ContainsKey("emails"));
        Assert.True(without.ContainsKey("userName"));
        var full = await (await scim.GetAsync($"/scim/v2/{slug}/Users/{id}")).JsonAsync();
        Assert.Equal("Finance", full[Enterprise]!["department"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/scim/v2/{slug}/Users/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Entra_id_patch_requests_deprovision_and_end_the_session_at_once()
    {
        var (slug, connection, scim) = await ScimAsync();
        // Entra: look the user up first, then create with externalId = objectId (the oid Doorman uses as subject).
        var lookup = await (await scim.GetAsync($"/scim/v2/{slug}/Users?filter={Uri.EscapeDataString("userName eq \"alice@example.test\"")}")).JsonAsync();
        Assert.Equal(0, lookup["totalResults"]!.GetValue<int>());
        var created = await CreateAsync(scim, slug, new JsonObject
        {
            ["schemas"] = new JsonArray(UserSchema, Enterprise),
            ["externalId"] = "alice",
            ["userName"] = "alice@example.test",
            ["active"] = true,
            ["displayName"] = "Alice Example",
            ["emails"] = new JsonArray(new JsonObject { ["primary"] = true, ["type"] = "work", ["value"] = "alice@example.test" }),
            ["name"] = new JsonObject { ["formatted"] = "Alice Example", ["familyName"] = "Example", ["givenName"] = "Alice" },
            [Enterprise] = new JsonObject { ["department"] = "Research" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync())["id"]!.GetValue<string>();

        // The provisioned person signs in by SSO straight into that account.
        using var browser = fixture.Browser();
        var signedIn = await Steps.SignInAsync(browser, connection);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(id, (await SignInSteps.MeAsync(browser))!["account"]!["id"]!.GetValue<string>());

        var patched = await PatchAsync(scim, slug, id,
            new JsonObject { ["op"] = "Replace", ["path"] = "emails[type eq \"work\"].value", ["value"] = "alice@example.test" },
            new JsonObject { ["op"] = "Add", ["path"] = $"{Enterprise}:department", ["value"] = "Platform" },
            new JsonObject { ["op"] = "Add", ["path"] = $"{Enterprise}:manager", ["value"] = "manager-object-id" },
            new JsonObject { ["op"] = "Replace", ["path"] = "name.givenName", ["value"] = "Alicia" },
            new JsonObject { ["op"] = "Replace", ["path"] = "active", ["value"] = "False" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var after = await patched.JsonAsync();
        Assert.False(after["active"]!.GetValue<bool>());
        Assert.Equal("Platform", after[Enterprise]!["department"]!.GetValue<string>());
        Assert.Equal("manager-object-id", after[Enterprise]!["manager"]!["value"]!.GetValue<string>());
        Assert.Equal("Alicia", after["name"]!["givenName"]!.GetValue<string>());
        Assert.Null(await SignInSteps.MeAsync(browser));   // the session ended with the deprovisioning

        var reactivated = await (await PatchAsync(scim, slug, id,
            new JsonObject { ["op"] = "replace", ["value"] = new JsonObject { ["active"] = "True" } })).JsonAsync();
        Assert.True(reactivated["active"]!.GetValue<bool>());
        Assert.Equal("Platform", reactivated[Enterprise]!["department"]!.GetValue<string>());

        var badPath = await PatchAsync(scim, slug, id, new JsonObject { ["op"] = "replace", ["path"] = "shoeSize", ["value"] = "9" });
        Assert.Equal(HttpStatusCode.BadRequest, badPath.StatusCode);
        Assert.Equal("invalidPath", (await badPath.JsonAsync())["scimType"]!.GetValue<string>());
        var readOnly = await PatchAsync(scim, slug, id, new JsonObject { ["op"] = "add", ["path"] = "groups", ["value"] = new JsonArray() });
        Assert.Equal("mutability", (await readOnly.JsonAsync())["scimType"]!.GetValue<string>());
        var removeWithoutPath = await PatchAsync(scim, slug, id, new JsonObject { ["op"] = "remove" });
        Assert.Equal("noTarget", (await removeWithoutPath.JsonAsync())["scimType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Okta_put_updates_deactivate_and_reactivate_with_data_intact_and_delete_keeps_the_account()
    {
        var (slug, _, scim) = await ScimAsync();
        var created = await (await CreateAsync(scim, slug, User("dan@corp.example", "00u1okta", "Dan Okta", department: "Sales"))).JsonAsync();
        var id = created["id"]!.GetValue<string>();

        created["active"] = false;
        created["name"] = new JsonObject { ["givenName"] = "Daniel", ["familyName"] = "Okta" };
        var put = await scim.PutAsync($"/scim/v2/{slug}/Users/{id}", Body(created));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var account = await Steps.AccountAsync(slug, "dan@corp.example");
        Assert.Equal("disabled", account!["status"]!.GetValue<string>());

        created["active"] = true;
        var back = await (await scim.PutAsync($"/scim/v2/{slug}/Users/{id}", Body(created))).JsonAsync();
        Assert.True(back["active"]!.GetValue<bool>());
        Assert.Equal("Daniel", back["name"]!["givenName"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/v2/{slug}/Users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/scim/v2/{slug}/Users/{id}")).StatusCode);
        Assert.Equal("disabled", (await Steps.AccountAsync(slug, "dan@corp.example"))!["status"]!.GetValue<string>());

        // Provisioned again: the same account comes back, its data intact.
        var again = await CreateAsync(scim, slug, User("dan@corp.example", "00u1okta", "Dan Okta"));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(id, (await again.JsonAsync())["id"]!.GetValue<string>());
        Assert.Equal("active", (await Steps.AccountAsync(slug, "dan@corp.example"))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Seats_bad_bodies_and_linked_providers_are_refused()
    {
        var slug = await Steps.Api.NewTenantAsync(seats: 1);
        var connection = await Steps.ConnectAsync(slug, null, null);
        var scim = Client((await (await Steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/scim-tokens",
            new { name = "entra", providerId = connection.ProviderId })).JsonAsync())["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(scim, slug, User("one@corp.example", "1", "One"))).StatusCode);

        var full = await CreateAsync(scim, slug, User("two@corp.example", "2", "Two"));
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Contains("Seats full", (await full.JsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await Steps.AccountAsync(slug, "two@corp.example"));

        var notJson = await scim.PostAsync($"/scim/v2/{slug}/Users", new StringContent("{not json", Encoding.UTF8, "application/scim+json"));
        Assert.Equal("invalidSyntax", (await notJson.JsonAsync())["scimType"]!.GetValue<string>());
        var noSchema = await scim.PostAsync($"/scim/v2/{slug}/Users", Body(new JsonObject { ["userName"] = "x@corp.example" }));
        Assert.Equal("invalidSyntax", (await noSchema.JsonAsync())["scimType"]!.GetValue<string>());
        var noUserName = await scim.PostAsync($"/scim/v2/{slug}/Users", Body(new JsonObject { ["schemas"] = new JsonArray(UserSchema) }));
        Assert.Equal("invalidValue", (await noUserName.JsonAsync())["scimType"]!.GetValue<string>());
        var huge = await scim.PostAsync($"/scim/v2/{slug}/Users", Body(new JsonObject
        {
            ["schemas"] = new JsonArray(UserSchema), ["userName"] = "big@corp.example", ["title"] = new string('x', 70_000),
        }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        var delete = await Steps.Api.DeleteAsync($"/api/tenants/{slug}/providers/{connection.ProviderId}");
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains("provider.scim_tokens_linked", await delete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_creates_never_take_more_seats_than_the_organization_has()
    {
        var slug = await Steps.Api.NewTenantAsync(seats: 3);
        var connection = await Steps.ConnectAsync(slug, null, new { provisioning = "manual" });
        var scim = Client((await (await Steps.Api.PostAsJsonAsync($"/api/tenants/{slug}/scim-tokens",
            new { name = "okta", providerId = connection.ProviderId })).JsonAsync())["token"]!.GetValue<string>());

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            CreateAsync(scim, slug, User($"rush{i}@corp.example", $"rush-{i}", $"Rush {i}"))));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var active = await (await scim.GetAsync($"/scim/v2/{slug}/Users?filter={Uri.EscapeDataString("active eq true")}")).JsonAsync();
        Assert.Equal(3, active["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Discovery_endpoints_say_what_is_supported()
    {
        var (slug, _, scim) = await ScimAsync();
        var config = await (await scim.GetAsync($"/scim/v2/{slug}/ServiceProviderConfig")).JsonAsync();
        Assert.True(config["patch"]!["supported"]!.GetValue<bool>());
        Assert.True(config["filter"]!["supported"]!.GetValue<bool>());
        Assert.False(config["bulk"]!["supported"]!.GetValue<bool>());
        Assert.False(config["sort"]!["supported"]!.GetValue<bool>());
        var types = await (await scim.GetAsync($"/scim/v2/{slug}/ResourceTypes")).JsonAsync();
        Assert.Equal(["/Groups", "/Users"], types["Resources"]!.AsArray().Select(t => t!["endpoint"]!.GetValue<string>()).Order());
        var schemas = await (await scim.GetAsync($"/scim/v2/{slug}/Schemas")).JsonAsync();
        Assert.Equal([GroupSchema, UserSchema, Enterprise], schemas["Resources"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).Order());
        var groups = schemas["Resources"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == UserSchema)!["attributes"]!.AsArray()
            .Single(a => a!["name"]!.GetValue<string>() == "groups")!;
        Assert.Equal("readOnly", groups["mutability"]!.GetValue<string>());
    }

    private Task<(string Slug, Connection Connection, HttpClient Scim)> ScimAsync() => _scim.ConnectAsync();

    private HttpClient Client(string? token) => _scim.Client(token);

    private static Task<HttpResponseMessage> PatchAsync(HttpClient scim, string slug, string id, params JsonObject[] operations) =>
        ScimSteps.PatchAsync(scim, $"/scim/v2/{slug}/Users/{id}", operations);
}

public sealed class SqliteScimTests(SqliteSignInFixture fixture) : ScimTests<SqliteSignInFixture>(fixture), IClassFixture<SqliteSignInFixture>;

public sealed class PostgresScimTests(PostgresSignInFixture fixture) : ScimTests<PostgresSignInFixture>(fixture), IClassFixture<PostgresSignInFixture>;
