using Doorman.Data;
using Doorman.Server.Features.Tenants;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

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

    /// <summary>Newest first. <paramref name="before"/> pages on: pass the last <c>id</c> seen. <paramref name="from"/> and <paramref name="to"/> bound the time (UTC).</summary>
    private static async Task<Results<Ok<List<AuditEventResponse>>, ValidationProblem>> ListAsync(
        DoormanDbContext db, int? limit, long? before, string? action, string? actor, string? outcome, DateTime? from, DateTime? to,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["limit"] = [$"limit must be between 1 and {MaxLimit}."],
            });
        }
        var events = await AuditSearch.FindAsync(db, new AuditFilter(before, action, actor, outcome, from, to), limit ?? DefaultLimit, cancellationToken);
        return TypedResults.Ok(events);
    }
}
