using Npgsql;

namespace Doorman.Testing;

/// <summary>A throwaway database for one test class: a SQLite file, or a fresh PostgreSQL database.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract string Provider { get; }
    public abstract string ConnectionString { get; }

    /// <summary>Every text the database holds, table by table, to prove what it never stores in clear.</summary>
    public abstract Task<string> DumpAsync();

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestDatabase(string dataDir) : TestDatabase
{
    public override string Provider => "sqlite";
    public override string ConnectionString => $"Data Source={Path.Combine(dataDir, "doorman.db")}";

    public override async Task<string> DumpAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(dataDir, "doorman.db*"))
        {
            text.Append(System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
        }
        return text.ToString();
    }

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    /// <summary>Set by scripts/test.sh, which starts a throwaway PostgreSQL server on loopback.</summary>
    public const string ServerVariable = "DOORMAN_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _database = $"doorman_test_{Guid.NewGuid():N}";

    public PostgresTestDatabase()
    {
        _server = Environment.GetEnvironmentVariable(ServerVariable)
                  ?? throw new InvalidOperationException(
                      $"{ServerVariable} is not set. Run the suite with scripts/test.sh, which starts PostgreSQL, " +
                      $"or point {ServerVariable} at a server whose role may create databases.");
    }

    public override string Provider => "postgres";
    public override string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;

    public override async Task<string> DumpAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT t::text FROM {table} t", connection);
            await using var rows = await select.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                text.AppendLine(rows.GetString(0));
            }
        }
        return text.ToString();
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
