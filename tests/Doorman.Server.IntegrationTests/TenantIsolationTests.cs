using Doorman.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Doorman.Server.IntegrationTests;

/// <summary>DESIGN rule 1 at the API and at the store: one tenant never sees or changes another.</summary>
public abstract class TenantIsolationTests(DoormanFixture fixture)
{
    private readonly HttpClient _operator = fixture.App.Api();

    [Fact]
    public async Task A_tenant_key_gets_404_for_everything_of_another_tenant_and_changes_nothing()
    {
        var mine = await _operator.NewTenantAsync();
        var theirs = await _operator.NewTenantAsync();
        var provider = await (await _operator.PostAsJsonAsync($"/api/tenants/{theirs}/providers",
            ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme()))).JsonAsync();
        var account = await (await _operator.PostAsJsonAsync($"/api/tenants/{theirs}/accounts", new { email = "victim@example.com" })).JsonAsync();
        var auditBefore = (await (await _operator.GetAsync($"/api/tenants/{theirs}/audit")).JsonArrayAsync()).Count;
        var api = fixture.App.Api(await _operator.NewTenantKeyAsync(mine));

        var attempts = new[]
        {
            await api.GetAsync($"/api/tenants/{theirs}"),
            await api.GetAsync($"/api/tenants/{theirs}/providers"),
            await api.GetAsync($"/api/tenants/{theirs}/providers/{provider["id"]}"),
            await api.PutAsJsonAsync($"/api/tenants/{theirs}/providers/{provider["id"]}", ApiTestExtensions.Oidc("hijack")),
            await api.DeleteAsync($"/api/tenants/{theirs}/providers/{provider["id"]}"),
            await api.PostAsync($"/api/tenants/{theirs}/providers/{provider["id"]}/test", null),
            await api.GetAsync($"/api/tenants/{theirs}/accounts"),
            await api.PatchAsJsonAsync($"/api/tenants/{theirs}/accounts/{account["id"]}", new { status = "disabled" }),
            await api.PostAsJsonAsync($"/api/tenants/{theirs}/accounts", new { email = "planted@example.com" }),
            await api.PostAsJsonAsync($"/api/tenants/{theirs}/api-keys", new { name = "backdoor" }),
            await api.GetAsync($"/api/tenants/{theirs}/audit"),
        };
        foreach (var response in attempts)
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "tenant.not_found");
        }

        // A resource of the other tenant through my own tenant's path is not found either.
        await (await api.GetAsync($"/api/tenants/{mine}/providers/{provider["id"]}")).AssertProblemAsync(HttpStatusCode.NotFound, "provider.not_found");
        await (await api.PatchAsJsonAsync($"/api/tenants/{mine}/accounts/{account["id"]}", new { status = "disabled" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "account.not_found");

        var stillThere = await (await _operator.GetAsync($"/api/tenants/{theirs}/accounts")).JsonArrayAsync();
        Assert.Equal("active", Assert.Single(stillThere)!["status"]!.GetValue<string>());
        Assert.Equal("Example IdP", (await (await _operator.GetAsync($"/api/tenants/{theirs}/providers/{provider["id"]}")).JsonAsync())["displayName"]!.GetValue<string>());
        Assert.Equal(auditBefore, (await (await _operator.GetAsync($"/api/tenants/{theirs}/audit")).JsonArrayAsync()).Count);
    }

    [Fact]
    public async Task The_store_hides_another_tenants_rows_in_every_tenant_owned_set()
    {
        var first = await _operator.NewTenantAsync();
        var second = await _operator.NewTenantAsync();
        foreach (var slug in new[] { first, second })
        {
            await _operator.PostAsJsonAsync($"/api/tenants/{slug}/accounts", new { email = $"someone@{slug}.example.com" });
            await _operator.PostAsJsonAsync($"/api/tenants/{slug}/providers",
                ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(), extra: new { domains = new[] { $"{slug}.example.com" } }));
        }

        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DoormanDbContext>();
        var firstId = (await db.Tenants.SingleAsync(t => t.Slug == first)).Id;

        Assert.Empty(await db.Accounts.ToListAsync()); // no scope set: nothing is visible
        db.TenantScope = firstId;
        Assert.All(await db.Accounts.ToListAsync(), a => Assert.Equal(firstId, a.TenantId));
        Assert.Single(await db.Accounts.ToListAsync());
        Assert.Single(await db.IdentityProviders.ToListAsync());
        Assert.Single(await db.ProviderDomains.ToListAsync());
        Assert.All(await db.AuditEvents.ToListAsync(), e => Assert.Equal(firstId, e.TenantId));
        Assert.NotEmpty(await db.AuditEvents.ToListAsync());
        Assert.Empty(await db.ExternalLogins.ToListAsync());
        Assert.True(await db.Accounts.IgnoreQueryFilters().CountAsync() >= 2);
    }
}

public sealed class SqliteTenantIsolationTests(SqliteFixture fixture) : TenantIsolationTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresTenantIsolationTests(PostgresFixture fixture) : TenantIsolationTests(fixture), IClassFixture<PostgresFixture>;
