using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Doorman.Server.Hosting;

/// <summary>
/// Per-connection SQLite settings. With write-ahead logging, synchronous=NORMAL keeps the database
/// consistent through a crash and skips an fsync per commit (SQLite's own advice for WAL); a busy timeout
/// makes a writer wait for another instead of failing at once.
/// </summary>
internal sealed class SqliteTuning : DbConnectionInterceptor
{
    public static readonly SqliteTuning Instance = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
