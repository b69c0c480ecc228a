using Doorman.Data;
using Doorman.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Doorman.Server.IntegrationTests;

/// <summary>What survives a restart, and where a client secret may never appear in clear.</summary>
public abstract class SecretsAndPersistenceTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : DoormanFixture
{
    private const string Secret = "Zx9+ClearTextSecret/Value==";

    [Fact]
    public async Task Everything_survives_a_restart_and_the_secret_still_decrypts()
    {
        var api = fixture.App.Api();
        var slug = await api.NewTenantAsync();
        var key = await api.NewTenantKeyAsync(slug);
        var scheme = ApiTestExtensions.NewScheme();
        var provider = await (await api.PostAsJsonAsync($"/api/tenants/{slug}/providers",
            ApiTestExtensions.Oidc(scheme, extra: new { clientSecret = Secret, domains = new[] { $"{scheme}.example.org" } }))).JsonAsync();
        var account = await (await api.PostAsJsonAsync($"/api/tenants/{slug}/accounts",
            new { email = "persist@example.com", password = "a long enough password" })).JsonAsync();

        await fixture.RestartAsync();

        // The tenant key, the provider, the account and the audit trail are all still there.
        var after = fixture.App.Api(key);
        var reread = await (await after.GetAsync($"/api/tenants/{slug}/providers/{provider["id"]}")).JsonAsync();
        Assert.Equal(scheme, reread["scheme"]!.GetValue<string>());
        Assert.Equal([$"{scheme}.example.org"], reread["domains"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.True(reread["hasClientSecret"]!.GetValue<bool>());
        var accounts = await (await after.GetAsync($"/api/tenants/{slug}/accounts?email=persist@example.com")).JsonArrayAsync();
        Assert.Equal(account["id"]!.GetValue<string>(), Assert.Single(accounts)!["id"]!.GetValue<string>());
        Assert.NotEmpty(await (await after.GetAsync($"/api/tenants/{slug}/audit")).JsonArrayAsync());

        // The new process opens the secret through the service that hands it to the token endpoint.
        Assert.Equal(Secret, await RevealAsync(Guid.Parse(provider["id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Put_without_a_secret_keeps_it_and_put_with_one_replaces_it()
    {
        var api = fixture.App.Api();
        var slug = await api.NewTenantAsync();
        var scheme = ApiTestExtensions.NewScheme();
        var provider = await (await api.PostAsJsonAsync($"/api/tenants/{slug}/providers",
            ApiTestExtensions.Oidc(scheme, extra: new { clientSecret = Secret }))).JsonAsync();
        var id = Guid.Parse(provider["id"]!.GetValue<string>());

        await api.PutAsJsonAsync($"/api/tenants/{slug}/providers/{id}", ApiTestExtensions.Oidc(scheme, extra: new { displayName = "Kept" }));
        Assert.Equal(Secret, await RevealAsync(id));

        await api.PutAsJsonAsync($"/api/tenants/{slug}/providers/{id}", ApiTestExtensions.Oidc(scheme, extra: new { clientSecret = "rotated-secret-2" }));
        Assert.Equal("rotated-secret-2", await RevealAsync(id));
    }

    [Fact]
    public async Task The_secret_never_appears_in_clear_in_answers_the_database_or_the_logs()
    {
        var api = fixture.App.Api();
        var slug = await api.NewTenantAsync();
        var scheme = ApiTestExtensions.NewScheme();
        var created = await api.PostAsJsonAsync($"/api/tenants/{slug}/providers",
            ApiTestExtensions.Oidc(scheme, extra: new { clientSecret = Secret }));
        var id = (await created.JsonAsync())["id"]!.GetValue<string>();
        var answers = new List<string>
        {
            await (await api.GetAsync($"/api/tenants/{slug}/providers/{id}")).Content.ReadAsStringAsync(),
            await (await api.GetAsync($"/api/tenants/{slug}/providers")).Content.ReadAsStringAsync(),
            await (await api.PutAsJsonAsync($"/api/tenants/{slug}/providers/{id}",
                ApiTestExtensions.Oidc(scheme, extra: new { clientSecret = Secret + "2" }))).Content.ReadAsStringAsync(),
            await (await api.GetAsync($"/api/tenants/{slug}/audit")).Content.ReadAsStringAsync(),
        };
        // A failed write must not echo the secret back either.
        answers.Add(await (await api.PostAsJsonAsync($"/api/tenants/{slug}/providers",
            ApiTestExtensions.Oidc("1bad", extra: new { clientSecret = Secret }))).Content.ReadAsStringAsync());

        Assert.All(answers, answer => Assert.DoesNotContain(Secret, answer, StringComparison.Ordinal));
        var stored = await fixture.Database.DumpAsync();
        Assert.Contains(scheme, stored, StringComparison.Ordinal); // the dump really holds the provider's row
        Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);
        Assert.NotEmpty(fixture.App.Logs.Lines);
        Assert.All(fixture.App.Logs.Lines, line => Assert.DoesNotContain(Secret, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_protected_secret_does_not_open_under_another_provider()
    {
        var api = fixture.App.Api();
        var slug = await api.NewTenantAsync();
        var first = await (await api.PostAsJsonAsync($"/api/tenants/{slug}/providers",
            ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme(), extra: new { clientSecret = Secret }))).JsonAsync();
        var second = await (await api.PostAsJsonAsync($"/api/tenants/{slug}/providers",
            ApiTestExtensions.Oidc(ApiTestExtensions.NewScheme()))).JsonAsync();

        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DoormanDbContext>();
        var providers = await db.IdentityProviders.IgnoreQueryFilters()
            .Where(p => p.Id == Guid.Parse(first["id"]!.GetValue<string>()) || p.Id == Guid.Parse(second["id"]!.GetValue<string>()))
            .ToListAsync();
        var source = providers.Single(p => p.ProtectedClientSecret is not null);
        var target = providers.Single(p => p.ProtectedClientSecret is null);
        target.ProtectedClientSecret = source.ProtectedClientSecret;

        var secrets = scope.ServiceProvider.GetRequiredService<ProviderSecrets>();
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => secrets.Reveal(target));
    }

    private async Task<string?> RevealAsync(Guid providerId)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DoormanDbContext>();
        var provider = await db.IdentityProviders.IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == providerId);
        return scope.ServiceProvider.GetRequiredService<ProviderSecrets>().Reveal(provider);
    }
}

public sealed class SqliteSecretsAndPersistenceTests(SqliteFixture fixture) : SecretsAndPersistenceTests<SqliteFixture>(fixture);

public sealed class PostgresSecretsAndPersistenceTests(PostgresFixture fixture) : SecretsAndPersistenceTests<PostgresFixture>(fixture);
