using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Doorman.Server.Features.Mail;

/// <summary>Where queued mail is delivered: an SMTP server, or the outbox folder in the data directory.</summary>
public interface IMailTransport
{
    /// <summary><c>smtp</c> or <c>outbox</c>, as recorded on each message.</summary>
    string Name { get; }

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>MailKit over SMTP, authenticated when credentials are configured. Doorman's mail is rare: one connection each.</summary>
public sealed class SmtpTransport(IOptions<MailOptions> options) : IMailTransport
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public string Name => "smtp";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security switch
        {
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.Auto,
        }, cancellationToken);
        if (smtp.Username is not null)
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>Development default: each message becomes an <c>.eml</c> file in <c>{DataDir}/outbox</c>, and a log line.</summary>
public sealed class OutboxTransport(string folder, ILogger<OutboxTransport> logger) : IMailTransport
{
    public string Name => "outbox";

    public string Folder => folder;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{message.MessageId?.Split('@')[0] ?? Guid.NewGuid().ToString("N")}.eml");
        // Written aside, then moved: a reader never sees half a message.
        await message.WriteToAsync(path + ".tmp", cancellationToken);
        File.Move(path + ".tmp", path, overwrite: true);
        Log.KeptInOutbox(logger, message.To.ToString(), message.Subject ?? "", path);
    }
}
