using Xunit;

namespace Doorman.Testing;

/// <summary>
/// Doorman on a database, reachable as <see cref="BrowserClient.DoormanOrigin"/>, and a real OpenIddict
/// provider on loopback. One per test class; tests make their own tenants, clients and providers.
/// </summary>
public abstract class SignInFixture : IAsyncLifetime
{
    private readonly Func<IReadOnlyDictionary<string, string?>, DoormanFixture> _create;
    private DoormanFixture? _doorman;

    protected SignInFixture(Func<IReadOnlyDictionary<string, string?>, DoormanFixture> create) => _create = create;

    public DoormanApp App => Doorman.App;
    public DoormanFixture Doorman => _doorman ?? throw new InvalidOperationException("The fixture has not started.");
    public OpenIddictProvider Provider { get; private set; } = null!;

    public BrowserClient Browser() => new(App.Server);

    /// <summary>Settings beyond the public origin, from services a derived fixture starts first.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>> MoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    public async Task InitializeAsync()
    {
        Provider = await OpenIddictProvider.StartAsync();
        var settings = new Dictionary<string, string?> { ["Doorman:PublicOrigin"] = BrowserClient.DoormanOrigin };
        foreach (var (key, value) in await MoreSettingsAsync())
        {
            settings[key] = value;
        }
        _doorman = _create(settings);
        await _doorman.InitializeAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_doorman is not null)
        {
            await _doorman.DisposeAsync();
        }
        await Provider.DisposeAsync();
    }
}

/// <summary>Doorman sending mail through a real SMTP server process that requires authentication.</summary>
public sealed class MailSignInFixture() : SignInFixture(settings => new SqliteFixture(settings))
{
    public const string SmtpUser = "doorman-smtp";
    public const string SmtpPassword = "smtp password with spaces";

    public SmtpTestServer Smtp { get; private set; } = null!;

    protected override async Task<IReadOnlyDictionary<string, string?>> MoreSettingsAsync()
    {
        Smtp = await SmtpTestServer.StartAsync(SmtpUser, SmtpPassword);
        return Smtp.Settings(SmtpUser, SmtpPassword);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class SqliteSignInFixture() : SignInFixture(settings => new SqliteFixture(settings));

public sealed class PostgresSignInFixture() : SignInFixture(settings => new PostgresFixture(settings));
