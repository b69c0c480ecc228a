using Doorman.Data;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Audit;

/// <summary>Which events to show: all filters optional; <see cref="Before"/> is the paging cursor (an event id).</summary>
public sealed record AuditFilter(
    long? Before = null, string? Action = null, string? Actor = null, string? Outcome = null, DateTime? From = null, DateTime? To = null);

/// <summary>The audit log read newest first, for the API and the audit page alike.</summary>
public static class AuditSearch
{
    public static Task<List<AuditEventResponse>> FindAsync(DoormanDbContext db, AuditFilter filter, int limit, CancellationToken cancellationToken)
    {
        var query = db.AuditEvents.AsNoTracking();
        if (filter.Before is { } id)
        {
            query = query.Where(e => e.Id < id);
        }
        if (!string.IsNullOrEmpty(filter.Action))
        {
            query = query.Where(e => e.Action == filter.Action);
        }
        if (!string.IsNullOrEmpty(filter.Actor))
        {
            query = query.Where(e => e.Actor == filter.Actor);
        }
        if (!string.IsNullOrEmpty(filter.Outcome))
        {
            query = query.Where(e => e.Outcome == filter.Outcome);
        }
        if (filter.From is { } from)
        {
            var utc = DateTime.SpecifyKind(from, DateTimeKind.Utc);
            query = query.Where(e => e.At >= utc);
        }
        if (filter.To is { } to)
        {
            var utc = DateTime.SpecifyKind(to, DateTimeKind.Utc);
            query = query.Where(e => e.At < utc);
        }
        return query.OrderByDescending(e => e.Id).Take(limit)
            .Select(e => new AuditEventResponse(e.Id, e.At, e.Actor, e.Action, e.Target, e.Outcome, e.Detail))
            .ToListAsync(cancellationToken);
    }
}
