using Doorman.Data;
using Doorman.Server.Features.ApiKeys;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Mail;

/// <summary>One queued or sent message, as operators see it.</summary>
public sealed record OutboxEntry(
    Guid Id, DateTime CreatedAt, string To, string Subject, string Kind, string Status, DateTime? SentAt, string? LastError, string Body);

/// <summary>
/// The platform's mail, newest first, for operators: in development (no SMTP server) this is where messages are
/// read; with SMTP it shows what was sent and what is failing. Bodies holding one-time codes are wiped once
/// delivered over SMTP.
/// </summary>
public static class Outbox
{
    public static async Task<List<OutboxEntry>> ListAsync(DoormanDbContext db, int limit, CancellationToken cancellationToken) =>
        (await db.OutboundMail.AsNoTracking().OrderByDescending(m => m.CreatedAt).Take(Math.Clamp(limit, 1, 500))
            .ToListAsync(cancellationToken))
        .Select(m => new OutboxEntry(m.Id, m.CreatedAt, m.To, m.Subject, m.Kind,
            m.SentAt is not null ? $"sent ({m.Transport})" : m.Failed ? "failed" : m.Attempts > 0 ? "retrying" : "queued",
            m.SentAt, m.LastError, m.Body))
        .ToList();

    /// <summary><c>GET /api/outbox?limit=</c>: operator key only.</summary>
    public static IEndpointRouteBuilder MapOutboxApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/outbox", async Task<Results<Ok<List<OutboxEntry>>, ProblemHttpResult>> (
                HttpContext http, DoormanDbContext db, CancellationToken cancellationToken, int limit = 50) =>
                Caller.From(http.User).IsOperator
                    ? TypedResults.Ok(await ListAsync(db, limit, cancellationToken))
                    : Problems.Forbidden("Only the operator key may read the platform's mail."))
            .RequireAuthorization(AdminApi.Policy);
        return app;
    }
}
