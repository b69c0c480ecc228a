using Doorman.Data;
using Doorman.Data.Entities;

namespace Doorman.Server.Features.Audit;

public static class AuditOutcome
{
    public const string Success = "success";
    public const string Failure = "failure";
}

/// <summary>
/// Adds audit events to the same unit of work as the change they describe, so a change and its
/// audit record are saved together or not at all.
/// </summary>
public sealed class AuditLog(DoormanDbContext db, TimeProvider time, IHttpContextAccessor http)
{
    public void Record(Guid tenantId, string actor, string action, string target, string outcome, string? detail = null) =>
        db.AuditEvents.Add(new AuditEvent
        {
            TenantId = tenantId,
            At = time.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = action,
            Target = target,
            Outcome = outcome,
            Detail = detail is { Length: > 4000 } ? detail[..4000] : detail,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        });
}
