using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Doorman.Server.Features.ApiKeys;

public static class BootstrapKey
{
    public const string Name = "bootstrap";

    /// <summary>
    /// Makes the configured operator key the one bootstrap key: created on first start, replaced when the
    /// configuration changes, revoked when the configuration drops it.
    /// </summary>
    public static async Task ApplyBootstrapKeyAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var configured = app.Services.GetRequiredService<IOptions<DoormanOptions>>().Value.Bootstrap.ApiKey;
        var time = app.Services.GetRequiredService<TimeProvider>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DoormanDbContext>();

        var existing = await db.ApiKeys.SingleOrDefaultAsync(k => k.IsBootstrap, cancellationToken);
        if (configured is null)
        {
            if (existing is { RevokedAt: null })
            {
                existing.RevokedAt = time.GetUtcNow().UtcDateTime;
                Log.BootstrapKey(app.Logger, "revoked: Doorman:Bootstrap:ApiKey is no longer configured");
            }
        }
        else if (existing is null)
        {
            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.NewGuid(),
                Name = Name,
                KeyHash = ApiKeySecrets.Hash(configured),
                IsBootstrap = true,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            });
            Log.BootstrapKey(app.Logger, "created");
        }
        else
        {
            existing.KeyHash = ApiKeySecrets.Hash(configured);
            existing.RevokedAt = null;
            Log.BootstrapKey(app.Logger, "applied");
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
