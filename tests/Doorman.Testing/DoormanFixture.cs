using Xunit;

namespace Doorman.Testing;

/// <summary>
/// One database and one running Doorman per test class. Tests make their own tenants, so they
/// never depend on each other's data or order.
/// </summary>
public abstract class DoormanFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings;
    private DoormanApp? _app;

    protected DoormanFixture(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        DataDir = Directory.CreateTempSubdirectory("doorman-test-").FullName;
    }

    public string DataDir { get; }

    /// <summary>The clock of this fixture's Doorman: the system's, until a test shifts it.</summary>
    public ShiftedClock Clock { get; } = new();
    public TestDatabase Database { get; private set; } = null!;
    public DoormanApp App => _app ?? throw new InvalidOperationException("The fixture has not started.");

    protected abstract TestDatabase CreateDatabase();

    public async Task InitializeAsync()
    {
        Database = CreateDatabase();
        _app = new DoormanApp(Database, DataDir, _settings) { Clock = Clock };
        await StartAsync(_app);
    }

    /// <summary>Stops the process and starts a new one on the same database and data folder.</summary>
    public async Task RestartAsync()
    {
        await App.DisposeAsync();
        _app = new DoormanApp(Database, DataDir, _settings) { Clock = Clock };
        await StartAsync(_app);
    }

    /// <summary>Starts another Doorman on the same database, e.g. with other settings or as a second node.</summary>
    public async Task<DoormanApp> StartAnotherAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var app = new DoormanApp(Database, DataDir, settings);
        await StartAsync(app);
        return app;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        await Database.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind.
        }
    }

    private static async Task StartAsync(DoormanApp app)
    {
        using var client = app.Api(key: null);
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
    }
}

public sealed class SqliteFixture : DoormanFixture
{
    public SqliteFixture()
    {
    }

    internal SqliteFixture(IReadOnlyDictionary<string, string?> settings) : base(settings)
    {
    }

    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase(DataDir);
}

public sealed class PostgresFixture : DoormanFixture
{
    public PostgresFixture()
    {
    }

    internal PostgresFixture(IReadOnlyDictionary<string, string?> settings) : base(settings)
    {
    }

    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
