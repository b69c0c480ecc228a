namespace Doorman.Data.Entities;

/// <summary>
/// A message waiting to be sent, or sent. Queued in the same transaction as the change that causes it, so a
/// reminder recorded as sent is never lost; any node's dispatcher delivers it once it has claimed it.
/// Not tenant-filtered: the dispatcher and the operator outbox read every tenant's mail.
/// </summary>
public sealed class OutboundMail
{
    public Guid Id { get; init; }

    /// <summary>The tenant the message is about, when it is about one.</summary>
    public Guid? TenantId { get; init; }

    public required string To { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; set; }

    /// <summary>What caused it, e.g. <c>confirmation-code</c>, <c>secret-expiry</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The body holds a one-time code: it is wiped once delivered over SMTP.</summary>
    public bool Sensitive { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>When the dispatcher delivered it (to SMTP or the outbox folder); null while pending.</summary>
    public DateTime? SentAt { get; set; }

    /// <summary><c>smtp</c> or <c>outbox</c>.</summary>
    public string? Transport { get; set; }

    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>Not before this time: the next try after a failure.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>A dispatcher that claimed it holds it until then; another may take it over after.</summary>
    public DateTime? ClaimedUntil { get; set; }

    /// <summary>Gave up after too many failures.</summary>
    public bool Failed { get; set; }
}
