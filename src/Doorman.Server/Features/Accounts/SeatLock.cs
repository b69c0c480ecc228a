using Doorman.Data;
using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Accounts;

/// <summary>
/// Seats under concurrency. Work that may activate accounts checks the seat count and saves while holding the
/// tenant's row (a no-op update of it, in one transaction): on PostgreSQL that row lock, on SQLite the write lock,
/// makes the next activation of the tenant wait, so two of them never both take the last free seat.
/// Tenants without a seat limit don't lock.
/// </summary>
public static class SeatLock
{
    public static async Task<T> HoldAsync<T>(DoormanDbContext db, Tenant tenant, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (tenant.Seats is null || db.Database.CurrentTransaction is not null)
        {
            return await work();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Tenants.Where(t => t.Id == tenant.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Seats, t => t.Seats), cancellationToken);
        var result = await work();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public static Task HoldAsync(DoormanDbContext db, Tenant tenant, Func<Task> work, CancellationToken cancellationToken) =>
        HoldAsync(db, tenant, async () =>
        {
            await work();
            return true;
        }, cancellationToken);
}
