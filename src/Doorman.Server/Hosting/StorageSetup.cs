using System.Security.Cryptography.X509Certificates;
using Doorman.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Doorman.Server.Hosting;

public static class StorageSetup
{
    public static WebApplicationBuilder AddDoormanStorage(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DoormanOptions.Section).Get<DoormanOptions>() ?? new();
        var dataDir = options.DataDirectory();
        var connectionString = builder.Configuration.GetConnectionString("Doorman");

        builder.Services.AddDbContext<DoormanDbContext>(db =>
        {
            if (options.Database.Provider == DatabaseOptions.Postgres)
            {
                db.UseNpgsql(
                    connectionString ?? throw new InvalidOperationException(
                        "ConnectionStrings:Doorman is required when Doorman:Database:Provider is 'postgres'."),
                    npgsql => npgsql.MigrationsAssembly("Doorman.Data.Postgres"));
            }
            else
            {
                db.UseSqlite(
                        connectionString ?? $"Data Source={Path.Combine(dataDir, "doorman.db")}",
                        sqlite => sqlite.MigrationsAssembly("Doorman.Data.Sqlite"))
                    .AddInterceptors(SqliteTuning.Instance);
            }
        });

        // Every node shares one key ring, kept in the database, so a secret protected by one node opens on all.
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("Doorman")
            .PersistKeysToDbContext<DoormanDbContext>();
        if (options.DataProtection.CertificatePath is { } certificatePath)
        {
            dataProtection.ProtectKeysWithCertificate(
                X509CertificateLoader.LoadPkcs12FromFile(certificatePath, options.DataProtection.CertificatePassword));
        }
        return builder;
    }

    /// <summary>Creates the data folder and applies pending migrations before the first request.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var options = app.Services.GetRequiredService<IOptions<DoormanOptions>>().Value;
        var dataDir = options.DataDirectory();
        Directory.CreateDirectory(dataDir);
        Log.DataFolder(app.Logger, dataDir);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DoormanDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (options.Database.Provider == DatabaseOptions.Sqlite)
        {
            // Write-ahead logging: readers no longer block the writer, so concurrent sign-ins don't fail
            // with "database is locked". The mode is stored in the file; setting it again is a no-op.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        Log.DatabaseReady(app.Logger, options.Database.Provider);
    }
}
