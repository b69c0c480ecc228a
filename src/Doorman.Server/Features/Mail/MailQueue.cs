using System.Threading.Channels;
using Doorman.Data;
using Doorman.Data.Entities;

namespace Doorman.Server.Features.Mail;

/// <summary>Wakes this node's dispatcher when mail was queued here, so it goes out now rather than at the next poll.</summary>
public sealed class MailSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => channel.Writer.TryWrite(true);

    /// <summary>Returns when woken or when <paramref name="timeout"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await channel.Reader.WaitToReadAsync(wait.Token);
            channel.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// Queues mail in the caller's unit of work: the message exists exactly when the change that caused it was saved.
/// The dispatcher is woken once the context has saved.
/// </summary>
public sealed class MailQueue(DoormanDbContext db, MailSignal signal, TimeProvider time)
{
    private bool wakeOnSave;

    public void Enqueue(string to, string subject, string body, string kind, Guid? tenantId, bool sensitive = false)
    {
        var now = time.GetUtcNow().UtcDateTime;
        db.OutboundMail.Add(new OutboundMail
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            To = to,
            Subject = subject,
            Body = body,
            Kind = kind,
            Sensitive = sensitive,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        if (!wakeOnSave)
        {
            db.SavedChanges += (_, _) => signal.Wake();
            wakeOnSave = true;
        }
    }
}
