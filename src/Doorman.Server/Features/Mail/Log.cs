namespace Doorman.Server.Features.Mail;

internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Information, "Mail to {To} kept in the outbox (no SMTP server configured): {Subject} ({Path})")]
    public static partial void KeptInOutbox(ILogger logger, string to, string subject, string path);

    [LoggerMessage(5002, LogLevel.Information, "Mail {MailId} ({Kind}) sent through {Transport}")]
    public static partial void Sent(ILogger logger, Guid mailId, string kind, string transport);

    [LoggerMessage(5003, LogLevel.Warning, "Mail {MailId} could not be sent (attempt {Attempt}); next try at {NextAttempt}: {Reason}")]
    public static partial void SendFailed(ILogger logger, Guid mailId, int attempt, DateTime nextAttempt, string reason);

    [LoggerMessage(5004, LogLevel.Error, "Mail {MailId} to {To} given up after {Attempts} attempts: {Reason}")]
    public static partial void GaveUp(ILogger logger, Guid mailId, string to, int attempts, string reason);

    [LoggerMessage(5005, LogLevel.Information, "Secret expiry reminder for provider {ProviderId} ({Reminder}) queued for {Recipients} admin(s)")]
    public static partial void ReminderQueued(ILogger logger, Guid providerId, string reminder, int recipients);

    [LoggerMessage(5006, LogLevel.Error, "Background job {Job} failed; it runs again at its next turn")]
    public static partial void JobFailed(ILogger logger, Exception exception, string job);
}
