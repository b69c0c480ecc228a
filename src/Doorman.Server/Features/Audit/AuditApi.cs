using Doorman.Data;
using Doorman.Server.Features.Tenants;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Audit;

public sealed record AuditEventResponse(
    long Id, DateTime At, string Actor, string Action, string Target, string Outcome, string? Detail);

public static class AuditApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/audit", ListAsync);
        return tenant;
    }

    /// <summary>Newest first. <paramref name="before"/> pages on: pass the last <c>id</c> seen.</summary>
    private static async Task<Results<Ok<List<AuditEventResponse>>, ValidationProblem>> ListAsync(
        DoormanDbContext db, int? limit, long? before, string? action, string? actor, string? outcome,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["limit"] = [$"limit must be between 1 and {MaxLimit}."],
            });
        }
        var query = db.AuditEvents.AsNoTracking();
        if (before is { } id)
        {
            query = query.Where(e => e.Id < id);
        }
        if (!string.IsNullOrEmpty(action))
        {
            query = query.Where(e => e.Action == action);
        }
        if (!string.IsNullOrEmpty(actor))
        {
            query = query.Where(e => e.Actor == actor);
        }
        if (!string.IsNullOrEmpty(outcome))
        {
            query = query.Where(e => e.Outcome == outcome);
        }
        var events = await query.OrderByDescending(e => e.Id).Take(limit ?? DefaultLimit)
            .Select(e => new AuditEventResponse(e.Id, e.At, e.Actor, e.Action, e.Target, e.Outcome, e.Detail))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(events);
    }
}
