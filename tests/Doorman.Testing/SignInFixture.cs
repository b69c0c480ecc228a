using Xunit;

namespace Doorman.Testing;

/// <summary>
/// Doorman on a database, reachable as <see cref="BrowserClient.DoormanOrigin"/>, and a real OpenIddict
/// provider on loopback. One per test class; tests make their own tenants, clients and providers.
/// </summary>
public abstract class SignInFixture : IAsyncLifetime
{
    private readonly DoormanFixture _doorman;

    protected SignInFixture(Func<IReadOnlyDictionary<string, string?>, DoormanFixture> create)
    {
        _doorman = create(new Dictionary<string, string?> { ["Doorman:PublicOrigin"] = BrowserClient.DoormanOrigin });
    }

    public DoormanApp App => _doorman.App;
    public DoormanFixture Doorman => _doorman;
    public OpenIddictProvider Provider { get; private set; } = null!;

    public BrowserClient Browser() => new(App.Server);

    public async Task InitializeAsync()
    {
        Provider = await OpenIddictProvider.StartAsync();
        await _doorman.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _doorman.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

public sealed class SqliteSignInFixture() : SignInFixture(settings => new SqliteFixture(settings));

public sealed class PostgresSignInFixture() : SignInFixture(settings => new PostgresFixture(settings));
