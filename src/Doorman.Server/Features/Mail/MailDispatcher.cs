using Doorman.Data;
using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Doorman.Server.Features.Mail;

/// <summary>
/// Delivers queued mail on every node. Each message is claimed with a conditional update before it is sent, so
/// two nodes never both send it; a claim left by a node that died expires and another node takes the message over.
/// Failures are retried with growing pauses, then given up and logged as errors.
/// </summary>
public sealed class MailDispatcher(
    IServiceScopeFactory scopes, MailSignal signal, IMailTransport transport, IOptions<MailOptions> options,
    TimeProvider time, ILogger<MailDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 20;
    private const int MaxAttempts = 8;
    private static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(2);
    private readonly MailboxAddress from = MailboxAddress.Parse(options.Value.From);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverDueAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.JobFailed(logger, ex, "mail");
            }
            await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    /// <summary>Sends what is due now; returns how many messages it looked at.</summary>
    private async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DoormanDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.OutboundMail.AsNoTracking()
            .Where(m => m.SentAt == null && !m.Failed && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.CreatedAt)
            .Take(BatchSize)
            .Select(m => m.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            await DeliverAsync(db, id, cancellationToken);
        }
        return due.Count;
    }

    private async Task DeliverAsync(DoormanDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.OutboundMail
            .Where(m => m.Id == id && m.SentAt == null && !m.Failed && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, now + ClaimLifetime), cancellationToken);
        if (claimed == 0)
        {
            return;   // another node has it
        }
        var mail = await db.OutboundMail.SingleAsync(m => m.Id == id, cancellationToken);
        try
        {
            await transport.SendAsync(ToMime(mail), cancellationToken);
            mail.SentAt = time.GetUtcNow().UtcDateTime;
            mail.Transport = transport.Name;
            if (mail.Sensitive && transport.Name == "smtp")
            {
                mail.Body = "(removed after delivery: it held a one-time code)";
            }
            Log.Sent(logger, mail.Id, mail.Kind, transport.Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            mail.Attempts++;
            mail.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            if (mail.Attempts >= MaxAttempts)
            {
                mail.Failed = true;
                Log.GaveUp(logger, mail.Id, mail.To, mail.Attempts, mail.LastError);
            }
            else
            {
                // 30 s, 1 min, 2 min ... capped at an hour.
                var pause = TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, mail.Attempts - 1), 3600));
                mail.NextAttemptAt = time.GetUtcNow().UtcDateTime + pause;
                Log.SendFailed(logger, mail.Id, mail.Attempts, mail.NextAttemptAt, mail.LastError);
            }
        }
        mail.ClaimedUntil = null;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private MimeMessage ToMime(OutboundMail mail)
    {
        var message = new MimeMessage
        {
            MessageId = $"{mail.Id:N}@doorman",
            Date = mail.CreatedAt,
            Subject = mail.Subject,
            Body = new TextPart("plain") { Text = mail.Body },
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(mail.To));
        return message;
    }
}
