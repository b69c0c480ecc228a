namespace Doorman.Server.IntegrationTests;

/// <summary>The admin API of CONTRACT.md, as written. Runs once per database.</summary>
public abstract class AdminApiTests(DoormanFixture fixture)
{
    private readonly HttpClient _api = fixture.App.Api();

    [Fact]
    public async Task Health_answers_ok_without_a_key()
    {
        var response = await fixture.App.Api(key: null).GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Creates_and_reads_a_tenant()
    {
        var slug = $"acme-{Guid.NewGuid():N}"[..20];
        var created = await _api.PostAsJsonAsync("/api/tenants", new { slug, name = "Acme Corp", seats = 5 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tenant = await created.JsonAsync();
        Assert.Equal(slug, tenant["slug"]!.GetValue<string>());
        Assert.Equal("Acme Corp", tenant["name"]!.GetValue<string>());
        Assert.Equal(5, tenant["seats"]!.GetValue<int>());
        Assert.True(Guid.TryParse(tenant["id"]!.GetValue<string>(), out _));

        var read = await (await _api.GetAsync($"/api/tenants/{slug}")).JsonAsync();
        Assert.Equal(tenant["id"]!.GetValue<string>(), read["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Duplicate_slug_is_a_conflict()
    {
        var slug = await _api.NewTenantAsync();
        var again = await _api.PostAsJsonAsync("/api/tenants", new { slug, name = "Again" });
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "tenant.slug_taken");
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("-lead")]
    [InlineData("trail-")]
    [InlineData("has space")]
    [InlineData("")]
    public async Task Invalid_slug_is_refused(string slug)
    {
        var response = await _api.PostAsJsonAsync("/api/tenants", new { slug, name = "X" });
        await response.AssertFieldErrorAsync("slug");
    }

    [Fact]
    public async Task Missing_or_bad_key_answers_401()
    {
        var none = await fixture.App.Api(key: null).GetAsync("/api/tenants/anything");
        await none.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
        var bad = await fixture.App.Api("dm_not-a-real-key").GetAsync("/api/tenants/anything");
        await bad.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }

    [Fact]
    public async Task Api_key_is_shown_once_and_works_for_its_tenant()
    {
        var slug = await _api.NewTenantAsync();
        var created = await _api.PostAsJsonAsync($"/api/tenants/{slug}/api-keys", new { name = "ci" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        Assert.Equal("ci", body["name"]!.GetValue<string>());
        var key = body["key"]!.GetValue<string>();
        Assert.StartsWith("dm_", key);

        var tenantApi = fixture.App.Api(key);
        Assert.Equal(HttpStatusCode.OK, (await tenantApi.GetAsync($"/api/tenants/{slug}")).StatusCode);

        var listed = await (await _api.GetAsync($"/api/tenants/{slug}/api-keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);

        var revoke = await _api.DeleteAsync($"/api/tenants/{slug}/api-keys/{body["id"]}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tenantApi.GetAsync($"/api/tenants/{slug}")).StatusCode);
    }

    [Fact]
    public async Task Tenant_key_cannot_create_tenants()
    {
        var slug = await _api.NewTenantAsync();
        var tenantApi = fixture.App.Api(await _api.NewTenantKeyAsync(slug));
        var response = await tenantApi.PostAsJsonAsync("/api/tenants", new { slug = "other-x", name = "X" });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task Accounts_are_created_found_case_insensitively_and_updated()
    {
        var slug = await _api.NewTenantAsync();
        var created = await _api.PostAsJsonAsync($"/api/tenants/{slug}/accounts",
            new { email = "Ada.Lovelace@Example.com", name = "Ada", roles = new[] { "admin" }, password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = await created.JsonAsync();
        Assert.Equal("Ada.Lovelace@Example.com", account["email"]!.GetValue<string>());
        Assert.Equal("Ada", account["name"]!.GetValue<string>());
        Assert.Equal(["admin"], account["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("active", account["status"]!.GetValue<string>());
        Assert.True(account["hasPassword"]!.GetValue<bool>());
        Assert.Empty(account["externalLogins"]!.AsArray());
        Assert.Null(account["password"]);
        Assert.Null(account["passwordHash"]);

        var found = await (await _api.GetAsync($"/api/tenants/{slug}/accounts?email=ada.lovelace@EXAMPLE.com")).JsonArrayAsync();
        Assert.Equal(account["id"]!.GetValue<string>(), Assert.Single(found)!["id"]!.GetValue<string>());

        var patched = await _api.PatchAsJsonAsync($"/api/tenants/{slug}/accounts/{account["id"]}",
            new { name = "Ada L.", roles = new[] { "member" }, status = "disabled" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var updated = await patched.JsonAsync();
        Assert.Equal("Ada L.", updated["name"]!.GetValue<string>());
        Assert.Equal("disabled", updated["status"]!.GetValue<string>());
        Assert.Equal(["member"], updated["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Account_email_is_unique_per_tenant_ignoring_case_but_not_across_tenants()
    {
        var first = await _api.NewTenantAsync();
        var second = await _api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsJsonAsync($"/api/tenants/{first}/accounts", new { email = "bob@example.com" })).StatusCode);
        var duplicate = await _api.PostAsJsonAsync($"/api/tenants/{first}/accounts", new { email = "BOB@example.com" });
        await duplicate.AssertProblemAsync(HttpStatusCode.Conflict, "account.email_taken");
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsJsonAsync($"/api/tenants/{second}/accounts", new { email = "bob@example.com" })).StatusCode);
    }

    [Fact]
    public async Task Seat_limit_is_enforced_on_create_and_on_reactivation()
    {
        var slug = await _api.NewTenantAsync(seats: 1);
        var first = await (await _api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "one@example.com" })).JsonAsync();
        var full = await _api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "two@example.com" });
        var problem = await full.AssertProblemAsync(HttpStatusCode.Conflict, "tenant.seats_full");
        Assert.Contains("seats full", problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        await _api.PatchAsJsonAsync($"/api/tenants/{slug}/accounts/{first["id"]}", new { status = "disabled" });
        var second = await (await _api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = "two@example.com" })).JsonAsync();
        Assert.Equal("active", second["status"]!.GetValue<string>());
        var reactivate = await _api.PatchAsJsonAsync($"/api/tenants/{slug}/accounts/{first["id"]}", new { status = "active" });
        await reactivate.AssertProblemAsync(HttpStatusCode.Conflict, "tenant.seats_full");
    }

    [Fact]
    public async Task Concurrent_creates_and_reactivations_never_exceed_the_seats()
    {
        var slug = await _api.NewTenantAsync(seats: 2);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = $"rush{i}@example.com" })));
        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Equal(2, created.Count);
        var ids = new List<string>();
        foreach (var answer in created)
        {
            ids.Add((await answer.JsonAsync())["id"]!.GetValue<string>());
            await _api.PatchAsJsonAsync($"/api/tenants/{slug}/accounts/{ids[^1]}", new { status = "disabled" });
        }

        // Two free seats; two reactivations and three creations race for them.
        var race = await Task.WhenAll(
            ids.Select(id => _api.PatchAsJsonAsync($"/api/tenants/{slug}/accounts/{id}", new { status = "active" }))
                .Concat(Enumerable.Range(0, 3).Select(i => _api.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = $"late{i}@example.com" }))));
        Assert.Equal(2, race.Count(a => a.IsSuccessStatusCode));
        Assert.All(race.Where(a => !a.IsSuccessStatusCode), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var active = 0;
        foreach (var email in Enumerable.Range(0, 8).Select(i => $"rush{i}@example.com").Concat(Enumerable.Range(0, 3).Select(i => $"late{i}@example.com")))
        {
            var found = await (await _api.GetAsync($"/api/tenants/{slug}/accounts?email={email}")).JsonArrayAsync();
            active += found.Count(a => a!["status"]!.GetValue<string>() == "active");
        }
        Assert.Equal(2, active);
    }

    [Theory]
    [InlineData("""{"email":"not-an-email"}""", "email")]
    [InlineData("""{"email":"a@b"}""", "email")]
    [InlineData("""{"email":"ok@example.com","roles":["owner"]}""", "roles")]
    [InlineData("""{"email":"ok@example.com","password":"short"}""", "password")]
    public async Task Bad_account_input_names_the_field(string json, string field)
    {
        var slug = await _api.NewTenantAsync();
        var response = await _api.PostAsync($"/api/tenants/{slug}/accounts", Json(json));
        await response.AssertFieldErrorAsync(field);
        Assert.Empty(await (await _api.GetAsync($"/api/tenants/{slug}/accounts")).JsonArrayAsync());
    }

    [Fact]
    public async Task Provider_round_trip_matches_the_contract()
    {
        var slug = await _api.NewTenantAsync();
        var scheme = ApiTestExtensions.NewScheme();
        var created = await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers", ApiTestExtensions.Oidc(scheme, extra: new
        {
            clientSecret = "s3cret-value+/=",
            clientSecretExpiresAt = "2027-03-01",
            domains = new[] { $"{scheme}.example.com" },
            groupRoleMappings = new[] { new { group = "engineering", role = "admin" } },
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var provider = await created.JsonAsync();
        var id = provider["id"]!.GetValue<string>();
        Assert.True(Guid.TryParse(id, out _));
        Assert.True(provider["hasClientSecret"]!.GetValue<bool>());
        Assert.Null(provider["clientSecret"]);
        Assert.Equal("2027-03-01", provider["clientSecretExpiresAt"]!.GetValue<string>());
        Assert.Equal("client_secret_post", provider["tokenEndpointAuthMethod"]!.GetValue<string>());
        Assert.Equal("openid profile email", provider["scopes"]!.GetValue<string>());
        Assert.Equal("sub", provider["claims"]!["subject"]!.GetValue<string>());
        Assert.Equal("manual", provider["provisioning"]!.GetValue<string>());
        Assert.Equal("member", provider["defaultRole"]!.GetValue<string>());
        Assert.True(provider["linkByEmail"]!.GetValue<bool>());
        Assert.False(provider["requireVerifiedEmail"]!.GetValue<bool>());
        Assert.True(provider["enabled"]!.GetValue<bool>());
        Assert.Equal("active", provider["status"]!.GetValue<string>());
        Assert.Equal($"http://localhost/signin-{scheme}", provider["redirectUri"]!.GetValue<string>());
        Assert.Equal($"http://localhost/sso/login?id={id}", provider["loginUrl"]!.GetValue<string>());
        Assert.NotNull(provider["createdAt"]);
        Assert.NotNull(provider["updatedAt"]);

        var listed = await (await _api.GetAsync($"/api/tenants/{slug}/providers")).JsonArrayAsync();
        Assert.Equal(id, Assert.Single(listed)!["id"]!.GetValue<string>());

        // PUT without clientSecret keeps the stored one.
        var replaced = await _api.PutAsJsonAsync($"/api/tenants/{slug}/providers/{id}",
            ApiTestExtensions.Oidc(scheme, extra: new { displayName = "Renamed", provisioning = "jit" }));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var after = await (await _api.GetAsync($"/api/tenants/{slug}/providers/{id}")).JsonAsync();
        Assert.Equal("Renamed", after["displayName"]!.GetValue<string>());
        Assert.Equal("jit", after["provisioning"]!.GetValue<string>());
        Assert.True(after["hasClientSecret"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/api/tenants/{slug}/providers/{id}")).StatusCode);
        await (await _api.GetAsync($"/api/tenants/{slug}/providers/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "provider.not_found");
    }

    [Fact]
    public async Task Entra_google_and_okta_derive_their_issuer_and_defaults()
    {
        var slug = await _api.NewTenantAsync();
        const string directory = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        var entra = await (await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers", new
        {
            displayName = "Entra", scheme = ApiTestExtensions.NewScheme(), type = "entra", entraTenantId = directory, clientId = "c",
        })).JsonAsync();
        Assert.Equal($"https://login.microsoftonline.com/{directory}/v2.0", entra["issuer"]!.GetValue<string>());
        Assert.Equal("oid", entra["claims"]!["subject"]!.GetValue<string>());
        Assert.Equal("groups", entra["claims"]!["groups"]!.GetValue<string>());
        Assert.False(entra["requireVerifiedEmail"]!.GetValue<bool>());

        var google = await (await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers", new
        {
            displayName = "Google", scheme = ApiTestExtensions.NewScheme(), type = "google", clientId = "c",
        })).JsonAsync();
        Assert.Equal("https://accounts.google.com", google["issuer"]!.GetValue<string>());
        Assert.True(google["requireVerifiedEmail"]!.GetValue<bool>());

        var okta = await (await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers", new
        {
            displayName = "Okta", scheme = ApiTestExtensions.NewScheme(), type = "okta", oktaDomain = "Acme.okta.com", clientId = "c",
        })).JsonAsync();
        Assert.Equal("https://acme.okta.com", okta["issuer"]!.GetValue<string>());

        var oktaCustom = await (await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers", new
        {
            displayName = "Okta AS", scheme = ApiTestExtensions.NewScheme(), type = "okta", oktaDomain = "acme.okta.com",
            issuer = "https://acme.okta.com/oauth2/default", clientId = "c",
        })).JsonAsync();
        Assert.Equal("https://acme.okta.com/oauth2/default", oktaCustom["issuer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Fields_of_other_provider_types_are_not_stored()
    {
        var slug = await _api.NewTenantAsync();
        var google = await (await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers", new
        {
            displayName = "Google", scheme = ApiTestExtensions.NewScheme(), type = "google", clientId = "c",
            entraTenantId = "common", oktaDomain = "acme.okta.com",
        })).JsonAsync();
        Assert.Null(google["entraTenantId"]);
        Assert.Null(google["oktaDomain"]);
    }

    [Fact]
    public async Task Audit_lists_changes_newest_first_with_actor_and_what_changed()
    {
        var slug = await _api.NewTenantAsync();
        var keyName = "deploy-bot";
        var key = (await (await _api.PostAsJsonAsync($"/api/tenants/{slug}/api-keys", new { name = keyName })).JsonAsync())["key"]!.GetValue<string>();
        var tenantApi = fixture.App.Api(key);
        var scheme = ApiTestExtensions.NewScheme();
        var provider = await (await tenantApi.PostAsJsonAsync($"/api/tenants/{slug}/providers",
            ApiTestExtensions.Oidc(scheme, extra: new { clientSecret = "first-secret-value" }))).JsonAsync();
        await tenantApi.PutAsJsonAsync($"/api/tenants/{slug}/providers/{provider["id"]}",
            ApiTestExtensions.Oidc(scheme, extra: new { displayName = "New name", clientSecret = "second-secret-value" }));
        await tenantApi.DeleteAsync($"/api/tenants/{slug}/providers/{provider["id"]}");

        var events = await (await tenantApi.GetAsync($"/api/tenants/{slug}/audit?limit=3")).JsonArrayAsync();
        Assert.Equal(["provider.deleted", "provider.updated", "provider.created"], events.Select(e => e!["action"]!.GetValue<string>()));
        var update = events[1]!;
        Assert.Equal($"apikey:{keyName}", update["actor"]!.GetValue<string>());
        Assert.Equal($"provider:{scheme}", update["target"]!.GetValue<string>());
        Assert.Equal("success", update["outcome"]!.GetValue<string>());
        var detail = update["detail"]!.GetValue<string>();
        Assert.Contains("displayName", detail, StringComparison.Ordinal);
        Assert.Contains("New name", detail, StringComparison.Ordinal);
        Assert.Contains("client secret changed", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("second-secret-value", detail, StringComparison.Ordinal);
        Assert.NotNull(update["at"]);
    }

    [Fact]
    public async Task Malformed_json_and_wrong_field_types_get_problem_details_and_change_nothing()
    {
        var slug = await _api.NewTenantAsync();
        foreach (var body in new[] { "{not json", """{"email": 42}""", """{"email":"x@example.com","roles":"admin"}""" })
        {
            var response = await _api.PostAsync($"/api/tenants/{slug}/accounts", Json(body));
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
        }
        Assert.Empty(await (await _api.GetAsync($"/api/tenants/{slug}/accounts")).JsonArrayAsync());
    }

    [Fact]
    public async Task Oversized_body_is_refused_with_413()
    {
        var slug = await _api.NewTenantAsync();
        var huge = new string('a', 70 * 1024);
        var response = await _api.PostAsync($"/api/tenants/{slug}/providers",
            Json($$"""{"displayName":"{{huge}}","scheme":"big","type":"oidc","issuer":"https://x.example.com","clientId":"c"}"""));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
        Assert.Empty(await (await _api.GetAsync($"/api/tenants/{slug}/providers")).JsonArrayAsync());
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

public sealed class SqliteAdminApiTests(SqliteFixture fixture) : AdminApiTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresAdminApiTests(PostgresFixture fixture) : AdminApiTests(fixture), IClassFixture<PostgresFixture>;
