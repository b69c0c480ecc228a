namespace Doorman.Server.IntegrationTests;

/// <summary>Every provider rule: the bad input, the exact field blamed, and nothing stored.</summary>
public abstract class ProviderValidationTests(DoormanFixture fixture)
{
    private readonly HttpClient _api = fixture.App.Api();

    public static TheoryData<string, string> BadInputs => new()
    {
        { """{"scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c"}""", "displayName" },
        { """{"displayName":"X","scheme":"9lives","type":"oidc","issuer":"https://i.example.com","clientId":"c"}""", "scheme" },
        { """{"displayName":"X","scheme":"has space","type":"oidc","issuer":"https://i.example.com","clientId":"c"}""", "scheme" },
        { """{"displayName":"X","type":"oidc","issuer":"https://i.example.com","clientId":"c"}""", "scheme" },
        { """{"displayName":"X","scheme":"ok","type":"saml","issuer":"https://i.example.com","clientId":"c"}""", "type" },
        { """{"displayName":"X","scheme":"ok","type":"OIDC","issuer":"https://i.example.com","clientId":"c"}""", "type" },
        { """{"displayName":"X","scheme":"ok","issuer":"https://i.example.com","clientId":"c"}""", "type" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com"}""", "clientId" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","clientId":"c"}""", "issuer" },
        { """{"displayName":"X","scheme":"ok","type":"keycloak","clientId":"c"}""", "issuer" },
        { """{"displayName":"X","scheme":"ok","type":"auth0","clientId":"c"}""", "issuer" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"not a url","clientId":"c"}""", "issuer" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"ftp://i.example.com","clientId":"c"}""", "issuer" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"http://i.example.com","clientId":"c"}""", "issuer" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://user:pw@i.example.com","clientId":"c"}""", "issuer" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","discoveryUrl":"http://i.example.com/.well-known/openid-configuration","clientId":"c"}""", "discoveryUrl" },
        { """{"displayName":"X","scheme":"ok","type":"entra","clientId":"c"}""", "entraTenantId" },
        { """{"displayName":"X","scheme":"ok","type":"entra","entraTenantId":"contoso","clientId":"c"}""", "entraTenantId" },
        { """{"displayName":"X","scheme":"ok","type":"entra","entraTenantId":"common","issuer":"https://evil.example.com","clientId":"c"}""", "issuer" },
        { """{"displayName":"X","scheme":"ok","type":"google","issuer":"https://evil.example.com","clientId":"c"}""", "issuer" },
        { """{"displayName":"X","scheme":"ok","type":"okta","clientId":"c"}""", "oktaDomain" },
        { """{"displayName":"X","scheme":"ok","type":"okta","oktaDomain":"not a domain","clientId":"c"}""", "oktaDomain" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","tokenEndpointAuthMethod":"private_key_jwt"}""", "tokenEndpointAuthMethod" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","scopes":"profile email"}""", "scopes" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","claims":{"email":"bad claim"}}""", "claims.email" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","provisioning":"auto"}""", "provisioning" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","defaultRole":"superuser"}""", "defaultRole" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","groupRoleMappings":[{"group":"eng","role":"root"}]}""", "groupRoleMappings[0].role" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","groupRoleMappings":[{"role":"admin"}]}""", "groupRoleMappings[0].group" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","domains":["example.com","not_a domain"]}""", "domains[1]" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","domains":["localhost"]}""", "domains[0]" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","domains":["gmail.com"]}""", "domains[0]" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","redirectUri":"https://sso.example.com/callback"}""", "redirectUri" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","endpoints":{"token":"http://i.example.com/token"}}""", "endpoints.token" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","endpoints":{"jwks":"/relative/jwks"}}""", "endpoints.jwks" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","iconUrl":"javascript:alert(1)"}""", "iconUrl" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","status":"live"}""", "status" },
        { """{"displayName":"X","scheme":"ok","type":"oidc","issuer":"https://i.example.com","clientId":"c","clientSecret":""}""", "clientSecret" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_provider_input_names_the_field_and_stores_nothing(string json, string field)
    {
        var slug = await _api.NewTenantAsync();
        var response = await _api.PostAsync($"/api/tenants/{slug}/providers", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await response.AssertFieldErrorAsync(field);
        Assert.Empty(await (await _api.GetAsync($"/api/tenants/{slug}/providers")).JsonArrayAsync());
    }

    [Fact]
    public async Task Plain_http_is_accepted_only_with_allow_insecure_http()
    {
        var slug = await _api.NewTenantAsync();
        var response = await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers",
            ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(), "http://127.0.0.1:9999", new { allowInsecureHttp = true }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Custom_tenant_roles_are_accepted_in_mappings()
    {
        var slug = await _api.NewTenantAsync(roles: ["billing"]);
        var response = await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers", ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(),
            extra: new { defaultRole = "billing", groupRoleMappings = new[] { new { group = "finance", role = "billing" } } }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Scheme_is_unique_across_the_platform_ignoring_case()
    {
        var first = await _api.NewTenantAsync();
        var second = await _api.NewTenantAsync();
        var scheme = ApiTestExtensions.NewScheme();
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsJsonAsync($"/api/tenants/{first}/providers", ApiTestExtensions.Oidc(scheme))).StatusCode);
        var clash = await _api.PostAsJsonAsync($"/api/tenants/{second}/providers", ApiTestExtensions.Oidc(scheme.ToUpperInvariant()));
        await clash.AssertProblemAsync(HttpStatusCode.Conflict, "provider.scheme_taken");
        Assert.Empty(await (await _api.GetAsync($"/api/tenants/{second}/providers")).JsonArrayAsync());
    }

    [Fact]
    public async Task A_domain_routes_to_one_active_provider_on_the_whole_platform()
    {
        var first = await _api.NewTenantAsync();
        var second = await _api.NewTenantAsync();
        var domain = $"{Guid.NewGuid():N}.example.com";
        var owner = await (await _api.PostAsJsonAsync($"/api/tenants/{first}/providers",
            ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(), extra: new { domains = new[] { domain } }))).JsonAsync();

        var sameTenant = await _api.PostAsJsonAsync($"/api/tenants/{first}/providers",
            ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(), extra: new { domains = new[] { domain.ToUpperInvariant() } }));
        var problem = await sameTenant.AssertProblemAsync(HttpStatusCode.Conflict, "provider.domain_taken");
        Assert.Contains(domain, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Example IdP", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var otherTenant = await _api.PostAsJsonAsync($"/api/tenants/{second}/providers",
            ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(), extra: new { domains = new[] { domain } }));
        var other = await otherTenant.AssertProblemAsync(HttpStatusCode.Conflict, "provider.domain_taken");
        Assert.DoesNotContain("Example IdP", other["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // A draft may hold the domain; it only conflicts when it goes live.
        var draft = await _api.PostAsJsonAsync($"/api/tenants/{second}/providers",
            ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(), extra: new { domains = new[] { domain }, status = "draft" }));
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);

        // Once the owner lets go of the domain, it can be routed elsewhere.
        await _api.DeleteAsync($"/api/tenants/{first}/providers/{owner["id"]}");
        var afterDelete = await _api.PostAsJsonAsync($"/api/tenants/{second}/providers",
            ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(), extra: new { domains = new[] { domain } }));
        Assert.Equal(HttpStatusCode.Created, afterDelete.StatusCode);
    }

    [Fact]
    public async Task A_rejected_update_changes_nothing()
    {
        var slug = await _api.NewTenantAsync();
        var scheme = ApiTestExtensions.NewScheme();
        var provider = await (await _api.PostAsJsonAsync($"/api/tenants/{slug}/providers", ApiTestExtensions.Oidc(scheme))).JsonAsync();
        var before = await (await _api.GetAsync($"/api/tenants/{slug}/providers/{provider["id"]}")).Content.ReadAsStringAsync();

        var bad = await _api.PutAsJsonAsync($"/api/tenants/{slug}/providers/{provider["id"]}",
            ApiTestExtensions.Oidc(scheme, "http://plain.example.com", new { displayName = "Changed" }));
        await bad.AssertFieldErrorAsync("issuer");

        var after = await (await _api.GetAsync($"/api/tenants/{slug}/providers/{provider["id"]}")).Content.ReadAsStringAsync();
        Assert.Equal(before, after);
    }
}

public sealed class SqliteProviderValidationTests(SqliteFixture fixture) : ProviderValidationTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresProviderValidationTests(PostgresFixture fixture) : ProviderValidationTests(fixture), IClassFixture<PostgresFixture>;
