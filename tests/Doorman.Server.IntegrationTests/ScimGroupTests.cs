using static Doorman.Server.IntegrationTests.ScimSteps;

namespace Doorman.Server.IntegrationTests;

/// <summary>SCIM groups and roles, the full request sequences of Entra ID and Okta, and what DELETE does per tenant.</summary>
public abstract class ScimGroupTests<TFixture>(TFixture fixture) where TFixture : SignInFixture
{
    private readonly ScimSteps _scim = new(fixture);

    private static readonly object Mappings = new
    {
        provisioning = "manual",
        groupRoleMappings = new[] { new { group = "Finance", role = "finance" }, new { group = "admins-object-id", role = "admin" } },
    };

    [Fact]
    public async Task Group_membership_turns_into_roles_through_the_linked_providers_mappings()
    {
        var (slug, connection, scim) = await _scim.ConnectAsync(Mappings, roles: ["finance"]);
        var ann = await UserIdAsync(scim, slug, User("ann@corp.example", "ext-ann", "Ann Lee"));
        var bob = await UserIdAsync(scim, slug, User("bob@corp.example", "ext-bob", "Bob Stone"));

        var finance = await scim.PostAsync($"/scim/v2/{slug}/Groups", Body(Group("Finance", null, ann)));
        Assert.Equal(HttpStatusCode.Created, finance.StatusCode);
        var financeGroup = await finance.JsonAsync();
        var financeId = financeGroup["id"]!.GetValue<string>();
        Assert.EndsWith($"/scim/v2/{slug}/Groups/{financeId}", finance.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(ann, Assert.Single(financeGroup["members"]!.AsArray())!["value"]!.GetValue<string>());
        Assert.Equal(["finance", "member"], await _scim.RolesAsync(slug, "ann@corp.example"));
        var annResource = await (await scim.GetAsync($"/scim/v2/{slug}/Users/{ann}")).JsonAsync();
        Assert.Equal("Finance", Assert.Single(annResource["groups"]!.AsArray())!["display"]!.GetValue<string>());

        // Entra names groups by object id: the mapping matches the group's externalId too.
        var admins = (await (await scim.PostAsync($"/scim/v2/{slug}/Groups", Body(Group("Doorman Admins", "admins-object-id")))).JsonAsync())["id"]!
            .GetValue<string>();
        Assert.Equal(["member"], await _scim.RolesAsync(slug, "bob@corp.example"));
        var added = await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{admins}", Op("add", "members", Members(bob)));
        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        Assert.Equal(["admin", "member"], await _scim.RolesAsync(slug, "bob@corp.example"));

        async Task<List<string>> FilterAsync(string filter) =>
            [.. (await (await scim.GetAsync($"/scim/v2/{slug}/Groups?filter={Uri.EscapeDataString(filter)}")).JsonAsync())["Resources"]!.AsArray()
                .Select(r => r!["displayName"]!.GetValue<string>()).Order()];
        Assert.Equal(["Finance"], await FilterAsync("displayName eq \"FINANCE\""));
        Assert.Equal(["Doorman Admins"], await FilterAsync($"members.value eq \"{bob}\""));
        Assert.Equal(["Doorman Admins"], await FilterAsync("externalId eq \"admins-object-id\""));
        Assert.Equal(["Doorman Admins", "Finance"], await FilterAsync("displayName pr"));
        var slim = await (await scim.GetAsync($"/scim/v2/{slug}/Groups/{financeId}?excludedAttributes=members")).JsonAsync();
        Assert.False(slim.ContainsKey("members"));
        Assert.Equal("Finance", slim["displayName"]!.GetValue<string>());

        // Out of the group, out of the role; a role not given by a mapping stays.
        Assert.Equal(HttpStatusCode.NoContent,
            (await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{financeId}", Op("remove", $"members[value eq \"{ann}\"]", null))).StatusCode);
        Assert.Equal(["member"], await _scim.RolesAsync(slug, "ann@corp.example"));
        await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{financeId}", Op("add", "members", Members(ann)));
        Assert.Equal(["finance", "member"], await _scim.RolesAsync(slug, "ann@corp.example"));

        // A renamed group no longer matches its mapping; a mapping changed by the admin applies at once.
        await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{financeId}", Op("replace", "displayName", JsonValue.Create("Accounting")));
        Assert.Equal(["member"], await _scim.RolesAsync(slug, "ann@corp.example"));
        var remapped = await _scim.SignIn.Api.PutAsJsonAsync($"/api/tenants/{slug}/providers/{connection.ProviderId}",
            ApiTestExtensions.Oidc(connection.Scheme, fixture.Provider.Issuer, new
            {
                clientId = connection.ClientId, allowInsecureHttp = true, provisioning = "manual",
                groupRoleMappings = new[] { new { group = "Accounting", role = "finance" }, new { group = "admins-object-id", role = "admin" } },
            }));
        Assert.Equal(HttpStatusCode.OK, remapped.StatusCode);
        Assert.Equal(["finance", "member"], await _scim.RolesAsync(slug, "ann@corp.example"));

        // A deleted group takes its roles along, not its members' accounts.
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/v2/{slug}/Groups/{admins}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/scim/v2/{slug}/Groups/{admins}")).StatusCode);
        Assert.Equal(["member"], await _scim.RolesAsync(slug, "bob@corp.example"));
        Assert.Equal("active", (await _scim.SignIn.AccountAsync(slug, "bob@corp.example"))!["status"]!.GetValue<string>());

        Assert.Single(await _scim.SignIn.AuditAsync(slug, "scim_group.deleted"));
        Assert.NotEmpty(await _scim.SignIn.AuditAsync(slug, "account.roles_changed"));
    }

    [Fact]
    public async Task Bad_group_requests_are_refused_with_their_scim_error_and_change_nothing()
    {
        var (slug, _, scim) = await _scim.ConnectAsync(Mappings, roles: ["finance"]);
        var ann = await UserIdAsync(scim, slug, User("ann@corp.example", "ext-ann", "Ann Lee"));
        var finance = (await (await scim.PostAsync($"/scim/v2/{slug}/Groups", Body(Group("Finance", null, ann)))).JsonAsync())["id"]!.GetValue<string>();

        var duplicate = await scim.PostAsync($"/scim/v2/{slug}/Groups", Body(Group("FINANCE")));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("uniqueness", await ScimTypeAsync(duplicate));

        var stranger = await scim.PostAsync($"/scim/v2/{slug}/Groups", Body(Group("Sales", null, Guid.NewGuid().ToString())));
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.Equal("invalidValue", await ScimTypeAsync(stranger));
        var nested = await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{finance}", Op("add", "members", Members(finance)));
        Assert.Equal("invalidValue", await ScimTypeAsync(nested));
        Assert.Contains("is a group", (await nested.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var notAnId = await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{finance}", Op("add", "members", Members("ann@corp.example")));
        Assert.Equal("invalidValue", await ScimTypeAsync(notAnId));

        // Another tenant's user is no member here.
        var (otherSlug, _, otherScim) = await _scim.ConnectAsync();
        var outsider = await UserIdAsync(otherScim, otherSlug, User("zed@other.example", "ext-zed", "Zed Other"));
        var crossTenant = await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{finance}", Op("add", "members", Members(outsider)));
        Assert.Equal("invalidValue", await ScimTypeAsync(crossTenant));
        Assert.Equal(HttpStatusCode.NotFound, (await otherScim.GetAsync($"/scim/v2/{otherSlug}/Groups/{finance}")).StatusCode);

        var noName = await scim.PostAsync($"/scim/v2/{slug}/Groups", Body(new JsonObject { ["schemas"] = new JsonArray(GroupSchema) }));
        Assert.Equal("invalidValue", await ScimTypeAsync(noName));
        var userSchema = await scim.PostAsync($"/scim/v2/{slug}/Groups", Body(new JsonObject { ["schemas"] = new JsonArray(UserSchema), ["displayName"] = "x" }));
        Assert.Equal("invalidSyntax", await ScimTypeAsync(userSchema));
        var badPath = await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{finance}", Op("replace", "owner", JsonValue.Create("x")));
        Assert.Equal("invalidPath", await ScimTypeAsync(badPath));
        var removeName = await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{finance}", Op("remove", "displayName", null));
        Assert.Equal("mutability", await ScimTypeAsync(removeName));
        var badFilter = await scim.GetAsync($"/scim/v2/{slug}/Groups?filter={Uri.EscapeDataString("owner eq \"x\"")}");
        Assert.Equal("invalidFilter", await ScimTypeAsync(badFilter));
        Assert.Equal(HttpStatusCode.NotFound,
            (await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{Guid.NewGuid()}", Op("add", "members", Members(ann)))).StatusCode);

        // A refused PATCH is refused whole: the valid first operation did not happen either.
        var half = await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{finance}",
            Op("replace", "displayName", JsonValue.Create("Renamed")), Op("add", "members", Members(Guid.NewGuid().ToString())));
        Assert.Equal(HttpStatusCode.BadRequest, half.StatusCode);
        var group = await (await scim.GetAsync($"/scim/v2/{slug}/Groups/{finance}")).JsonAsync();
        Assert.Equal("Finance", group["displayName"]!.GetValue<string>());
        Assert.Equal(ann, Assert.Single(group["members"]!.AsArray())!["value"]!.GetValue<string>());
        Assert.Equal(["finance", "member"], await _scim.RolesAsync(slug, "ann@corp.example"));
    }

    /// <summary>The requests Entra ID's provisioning service sends, in its order (Microsoft's SCIM validator sequence).</summary>
    [Fact]
    public async Task Entra_id_sequence_provisions_people_and_groups_and_the_person_signs_in_with_the_mapped_role()
    {
        var (slug, connection, scim) = await _scim.ConnectAsync(Mappings, roles: ["finance"]);
        var userFilter = Uri.EscapeDataString("userName eq \"alice@example.test\"");
        Assert.Equal(0, (await (await scim.GetAsync($"/scim/v2/{slug}/Users?filter={userFilter}")).JsonAsync())["totalResults"]!.GetValue<int>());
        var user = await ScimSteps.CreateAsync(scim, slug, new JsonObject
        {
            ["schemas"] = new JsonArray(UserSchema, Enterprise),
            ["externalId"] = "alice",   // the user's objectId: the oid the provider signs Alice in with
            ["userName"] = "alice@example.test",
            ["active"] = true,
            ["emails"] = new JsonArray(new JsonObject { ["primary"] = true, ["type"] = "work", ["value"] = "alice@example.test" }),
            ["meta"] = new JsonObject { ["resourceType"] = "User" },
            ["name"] = new JsonObject { ["formatted"] = "Alice Example", ["familyName"] = "Example", ["givenName"] = "Alice" },
            ["roles"] = new JsonArray(),
            [Enterprise] = new JsonObject { ["department"] = "Finance" },
        });
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        var alice = (await user.JsonAsync())["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/scim/v2/{slug}/Users/{alice}")).StatusCode);
        Assert.Equal(1, (await (await scim.GetAsync($"/scim/v2/{slug}/Users?filter={userFilter}")).JsonAsync())["totalResults"]!.GetValue<int>());

        var groupFilter = Uri.EscapeDataString("displayName eq \"Finance\"");
        var none = await (await scim.GetAsync($"/scim/v2/{slug}/Groups?excludedAttributes=members&filter={groupFilter}")).JsonAsync();
        Assert.Equal(0, none["totalResults"]!.GetValue<int>());
        var created = await scim.PostAsync($"/scim/v2/{slug}/Groups", Body(new JsonObject
        {
            ["externalId"] = "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            ["displayName"] = "Finance",
            ["meta"] = new JsonObject { ["resourceType"] = "Group" },
            ["members"] = new JsonArray(),
            ["schemas"] = new JsonArray(GroupSchema),
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var group = (await created.JsonAsync())["id"]!.GetValue<string>();
        var fetched = await (await scim.GetAsync($"/scim/v2/{slug}/Groups/{group}?excludedAttributes=members")).JsonAsync();
        Assert.Equal("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", fetched["externalId"]!.GetValue<string>());
        Assert.Equal(1, (await (await scim.GetAsync($"/scim/v2/{slug}/Groups?excludedAttributes=members&filter={groupFilter}")).JsonAsync())["totalResults"]!
            .GetValue<int>());

        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{group}",
            Op("Add", "members", Members(alice)))).StatusCode);
        var membership = Uri.EscapeDataString($"id eq \"{group}\" and members.value eq \"{alice}\"");
        Assert.Equal(1, (await (await scim.GetAsync($"/scim/v2/{slug}/Groups?excludedAttributes=members&filter={membership}")).JsonAsync())["totalResults"]!
            .GetValue<int>());

        // Alice signs in by SSO into her provisioned account, with the role her group maps to.
        using var browser = fixture.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await _scim.SignIn.SignInAsync(browser, connection)).StatusCode);
        var me = (await SignInSteps.MeAsync(browser))!;
        Assert.Equal(alice, me["account"]!["id"]!.GetValue<string>());
        Assert.Contains("finance", me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{group}",
            Op("Remove", "members", Members(alice)))).StatusCode);
        Assert.Equal(0, (await (await scim.GetAsync($"/scim/v2/{slug}/Groups?excludedAttributes=members&filter={membership}")).JsonAsync())["totalResults"]!
            .GetValue<int>());
        Assert.Equal(["member"], await _scim.RolesAsync(slug, "alice@example.test"));
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{group}",
            Op("Replace", "displayName", JsonValue.Create("Finance EMEA")))).StatusCode);
        Assert.Equal("Finance EMEA", (await (await scim.GetAsync($"/scim/v2/{slug}/Groups/{group}")).JsonAsync())["displayName"]!.GetValue<string>());

        // Unassigned from the app: Entra disables first, then deletes; the session ends at the first.
        await PatchAsync(scim, $"/scim/v2/{slug}/Users/{alice}", Op("Replace", "active", JsonValue.Create("False")));
        Assert.Null(await SignInSteps.MeAsync(browser));
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/v2/{slug}/Groups/{group}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/v2/{slug}/Users/{alice}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/scim/v2/{slug}/Users/{alice}")).StatusCode);
    }

    /// <summary>The requests Okta sends for SCIM 2.0 apps: lookups, create with a password, PUT updates, PATCH deactivation, group push.</summary>
    [Fact]
    public async Task Okta_sequence_provisions_updates_pushes_groups_and_deactivates()
    {
        var (slug, _, scim) = await _scim.ConnectAsync(Mappings, roles: ["finance"]);
        var lookup = Uri.EscapeDataString("userName eq \"dana@corp.example\"");
        Assert.Equal(0, (await (await scim.GetAsync($"/scim/v2/{slug}/Users?filter={lookup}&startIndex=1&count=100")).JsonAsync())["totalResults"]!
            .GetValue<int>());
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray(UserSchema),
            ["userName"] = "dana@corp.example",
            ["name"] = new JsonObject { ["givenName"] = "Dana", ["familyName"] = "Okta" },
            ["emails"] = new JsonArray(new JsonObject { ["primary"] = true, ["value"] = "dana@corp.example", ["type"] = "work" }),
            ["displayName"] = "Dana Okta",
            ["locale"] = "en-US",
            ["externalId"] = "00ujl29u0le5T6Aj10h7",
            ["groups"] = new JsonArray(),
            ["password"] = "1mz050nq",
            ["active"] = true,
        };
        var created = await ScimSteps.CreateAsync(scim, slug, body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var text = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("1mz050nq", text, StringComparison.Ordinal);   // Doorman keeps no password from SCIM
        var dana = JsonNode.Parse(text)!["id"]!.GetValue<string>();

        var current = await (await scim.GetAsync($"/scim/v2/{slug}/Users/{dana}")).JsonAsync();
        current["name"]!["givenName"] = "Danielle";
        current["displayName"] = "Danielle Okta";
        var put = await (await scim.PutAsync($"/scim/v2/{slug}/Users/{dana}", Body(current))).JsonAsync();
        Assert.Equal("Danielle", put["name"]!["givenName"]!.GetValue<string>());

        var pushed = await scim.PostAsync($"/scim/v2/{slug}/Groups", Body(new JsonObject
        {
            ["schemas"] = new JsonArray(GroupSchema), ["displayName"] = "Test SCIMv2", ["members"] = new JsonArray(),
        }));
        var group = (await pushed.JsonAsync())["id"]!.GetValue<string>();
        var found = await (await scim.GetAsync($"/scim/v2/{slug}/Groups?filter={Uri.EscapeDataString("displayName eq \"Test SCIMv2\"")}&startIndex=1&count=100"))
            .JsonAsync();
        Assert.Equal(group, Assert.Single(found["Resources"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{group}",
            Op("replace", null, new JsonObject { ["id"] = group, ["displayName"] = "Finance" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{group}",
            Op("add", "members", new JsonArray(new JsonObject { ["value"] = dana, ["display"] = "dana@corp.example" })))).StatusCode);
        Assert.Equal(["finance", "member"], await _scim.RolesAsync(slug, "dana@corp.example"));
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(scim, $"/scim/v2/{slug}/Groups/{group}",
            Op("remove", $"members[value eq \"{dana}\"]", null))).StatusCode);
        Assert.Equal(["member"], await _scim.RolesAsync(slug, "dana@corp.example"));

        // Okta's PUT of a group carries its whole member list.
        var replaced = await scim.PutAsync($"/scim/v2/{slug}/Groups/{group}", Body(new JsonObject
        {
            ["schemas"] = new JsonArray(GroupSchema), ["id"] = group, ["displayName"] = "Finance",
            ["members"] = new JsonArray(new JsonObject { ["value"] = dana, ["display"] = "dana@corp.example" }),
        }));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Single((await replaced.JsonAsync())["members"]!.AsArray());
        Assert.Equal(["finance", "member"], await _scim.RolesAsync(slug, "dana@corp.example"));

        var deactivated = await (await PatchAsync(scim, $"/scim/v2/{slug}/Users/{dana}",
            Op("replace", null, new JsonObject { ["active"] = false }))).JsonAsync();
        Assert.False(deactivated["active"]!.GetValue<bool>());
        Assert.Equal("disabled", (await _scim.SignIn.AccountAsync(slug, "dana@corp.example"))!["status"]!.GetValue<string>());
        var reactivated = await (await PatchAsync(scim, $"/scim/v2/{slug}/Users/{dana}",
            Op("replace", null, new JsonObject { ["active"] = true }))).JsonAsync();
        Assert.True(reactivated["active"]!.GetValue<bool>());
        Assert.Equal("Danielle", reactivated["name"]!["givenName"]!.GetValue<string>());
        Assert.Equal("Finance", Assert.Single(reactivated["groups"]!.AsArray())!["display"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/v2/{slug}/Groups/{group}")).StatusCode);
    }

    [Fact]
    public async Task Delete_disables_or_keeps_the_account_active_as_the_tenant_says()
    {
        var (slug, _, scim) = await _scim.ConnectAsync();
        var api = _scim.SignIn.Api;
        Assert.Equal("disable", (await (await api.GetAsync($"/api/tenants/{slug}")).JsonAsync())["scimDelete"]!.GetValue<string>());
        var refused = await api.PatchAsJsonAsync($"/api/tenants/{slug}", new { scimDelete = "purge" });
        await refused.AssertFieldErrorAsync("scimDelete");

        var updated = await api.PatchAsJsonAsync($"/api/tenants/{slug}", new { scimDelete = "keepActive" });
        Assert.Equal("keepActive", (await updated.JsonAsync())["scimDelete"]!.GetValue<string>());
        var eve = await UserIdAsync(scim, slug, User("eve@corp.example", "ext-eve", "Eve Kept"));
        var group = (await (await scim.PostAsync($"/scim/v2/{slug}/Groups", Body(Group("Staff", null, eve)))).JsonAsync())["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/v2/{slug}/Users/{eve}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/scim/v2/{slug}/Users/{eve}")).StatusCode);
        Assert.Equal("active", (await _scim.SignIn.AccountAsync(slug, "eve@corp.example"))!["status"]!.GetValue<string>());
        Assert.Single(await _scim.SignIn.AuditAsync(slug, "account.released"));
        var staff = await (await scim.GetAsync($"/scim/v2/{slug}/Groups/{group}")).JsonAsync();
        Assert.Empty(staff["members"]!.AsArray());   // the user is gone from SCIM, and from its groups

        // Provisioned again: the same account, still active.
        var again = await ScimSteps.CreateAsync(scim, slug, User("eve@corp.example", "ext-eve", "Eve Kept"));
        Assert.Equal(eve, (await again.JsonAsync())["id"]!.GetValue<string>());

        await api.PatchAsJsonAsync($"/api/tenants/{slug}", new { scimDelete = "disable" });
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/v2/{slug}/Users/{eve}")).StatusCode);
        Assert.Equal("disabled", (await _scim.SignIn.AccountAsync(slug, "eve@corp.example"))!["status"]!.GetValue<string>());
        Assert.Contains((await _scim.SignIn.AuditAsync(slug, "tenant.updated")).Select(e => e!["detail"]!.GetValue<string>()),
            d => d.Contains("SCIM DELETE disable → keepActive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Admins_create_and_revoke_tokens_and_choose_the_delete_action_in_the_pages()
    {
        var (_, connection, browser) = await _scim.SignIn.AdminWithProviderAsync();
        using var _ = browser;
        const string Page = $"{BrowserClient.DoormanOrigin}/admin/provisioning";
        var empty = await (await browser.GetAsync(Page)).Content.ReadAsStringAsync();
        Assert.Contains($"/scim/v2/{connection.Slug}", empty, StringComparison.Ordinal);
        Assert.Contains("No tokens yet.", empty, StringComparison.Ordinal);

        var refused = await browser.PostFormAsync(Page, [new("name", ""), new("providerId", connection.ProviderId),
            new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(empty))]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("data-field-error=\"name\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await (await browser.PostFormAsync(Page, [new("name", "Entra provisioning"), new("providerId", connection.ProviderId),
            new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(empty))])).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(created, "id=\"new-token\" readonly value=\"(scim_[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var scim = _scim.Client(token);
        var gus = await UserIdAsync(scim, connection.Slug, User("gus@corp.example", "ext-gus", "Gus Page"));
        await scim.PostAsync($"/scim/v2/{connection.Slug}/Groups", Body(Group("Night Shift", "ns-1", gus)));

        var listed = await (await browser.GetAsync(Page)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);   // shown once
        Assert.Contains("data-scim-token=\"Entra provisioning\"", listed, StringComparison.Ordinal);
        Assert.Contains("1 provisioned", listed, StringComparison.Ordinal);
        var row = System.Text.RegularExpressions.Regex.Match(listed, "<tr data-scim-group=\"Night Shift\">(.*?)</tr>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("ns-1", row, StringComparison.Ordinal);
        Assert.Contains("none (no mapping names it)", row, StringComparison.Ordinal);
        var account = await (await browser.GetAsync($"{BrowserClient.DoormanOrigin}/admin/accounts/{gus}")).Content.ReadAsStringAsync();
        var provisioning = System.Text.RegularExpressions.Regex.Match(account, "<p data-scim>(.*?)</p>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("<code>ext-gus</code>", provisioning, StringComparison.Ordinal);
        Assert.Contains("Groups: Night Shift.", provisioning, StringComparison.Ordinal);

        var keep = await browser.PostFormAsync($"{Page}?handler=deleteAction",
            [new("scimDelete", "keepActive"), new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(listed))]);
        Assert.Equal(HttpStatusCode.Redirect, keep.StatusCode);
        Assert.Equal("keepActive", (await (await _scim.SignIn.Api.GetAsync($"/api/tenants/{connection.Slug}")).JsonAsync())["scimDelete"]!.GetValue<string>());
        var bad = await browser.PostFormAsync($"{Page}?handler=deleteAction",
            [new("scimDelete", "purge"), new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(listed))]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("data-field-error=\"scimDelete\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = System.Text.RegularExpressions.Regex.Match(listed, "name=\"id\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var revoked = await browser.PostFormAsync($"{Page}?handler=revoke",
            [new("id", id), new("__RequestVerificationToken", SignInSteps.AntiforgeryToken(listed))]);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await scim.GetAsync($"/scim/v2/{connection.Slug}/Users")).StatusCode);
        Assert.Single(await _scim.SignIn.AuditAsync(connection.Slug, "scim_token.revoked"));
    }
}

public sealed class SqliteScimGroupTests(SqliteSignInFixture fixture) : ScimGroupTests<SqliteSignInFixture>(fixture), IClassFixture<SqliteSignInFixture>;

public sealed class PostgresScimGroupTests(PostgresSignInFixture fixture) : ScimGroupTests<PostgresSignInFixture>(fixture), IClassFixture<PostgresSignInFixture>;
