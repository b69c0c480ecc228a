namespace Doorman.Server.IntegrationTests;

/// <summary>Changing a tenant's settings: who may change what.</summary>
public sealed class TenantSettingsTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private readonly HttpClient _operator = fixture.App.Api();

    [Fact]
    public async Task A_tenant_key_renames_its_tenant_and_defines_roles_but_cannot_add_seats()
    {
        var slug = await _operator.NewTenantAsync(seats: 3);
        using var tenantKey = fixture.App.Api(await _operator.NewTenantKeyAsync(slug));

        var renamed = await tenantKey.PatchAsJsonAsync($"/api/tenants/{slug}", new { name = "Renamed", roles = new[] { "billing" } });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var tenant = await renamed.JsonAsync();
        Assert.Equal("Renamed", tenant["name"]!.GetValue<string>());
        Assert.Contains("billing", tenant["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        await (await tenantKey.PatchAsJsonAsync($"/api/tenants/{slug}", new { seats = 1000 })).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        await (await tenantKey.PatchAsJsonAsync($"/api/tenants/{slug}", new { unlimited = true })).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        Assert.Equal(3, (await (await _operator.GetAsync($"/api/tenants/{slug}")).JsonAsync())["seats"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_operator_changes_seats_and_bad_values_are_refused()
    {
        var slug = await _operator.NewTenantAsync(seats: 3);

        var raised = await _operator.PatchAsJsonAsync($"/api/tenants/{slug}", new { seats = 10 });
        Assert.Equal(10, (await raised.JsonAsync())["seats"]!.GetValue<int>());
        await (await _operator.PatchAsJsonAsync($"/api/tenants/{slug}", new { seats = -1 })).AssertFieldErrorAsync("seats");
        await (await _operator.PatchAsJsonAsync($"/api/tenants/{slug}", new { roles = new[] { "Not A Role" } })).AssertFieldErrorAsync("roles");
        var unlimited = await _operator.PatchAsJsonAsync($"/api/tenants/{slug}", new { unlimited = true });
        Assert.Null((await unlimited.JsonAsync())["seats"]);
    }
}
