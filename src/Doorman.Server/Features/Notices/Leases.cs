using Doorman.Data;
using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Notices;

/// <summary>
/// Named database leases: the node that holds an unexpired lease runs the job, the others skip their turn. The
/// holder renews at each turn; when it dies, the lease expires and another node takes over.
/// </summary>
public sealed class Leases(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>This process, as lease holder.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task<bool> TryAcquireAsync(string name, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DoormanDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + lifetime;
        var holder = Holder;
        var taken = await db.Leases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }
        if (await db.Leases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }
        db.Leases.Add(new Lease { Name = name, Holder = holder, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;   // another node created it first
        }
    }
}
