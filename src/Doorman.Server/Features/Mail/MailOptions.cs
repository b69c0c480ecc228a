using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Doorman.Server.Features.Mail;

/// <summary>The <c>Doorman:Mail</c> section. Without an SMTP host, messages go to the outbox folder in the data directory.</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Doorman:Mail";

    /// <summary>The sender, e.g. <c>Doorman &lt;sso@example.com&gt;</c>.</summary>
    public string From { get; set; } = "Doorman <doorman@localhost>";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>How often each node looks for mail queued by other nodes (mail queued here is sent at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MailboxAddress.TryParse(From, out _))
        {
            yield return new($"Doorman:Mail:From must be an email address such as 'Doorman <sso@example.com>', not '{From}'.");
        }
        if (UsesSmtp && Smtp.Port is < 1 or > 65535)
        {
            yield return new($"Doorman:Mail:Smtp:Port must be between 1 and 65535, not {Smtp.Port}.");
        }
        if (!Enum.IsDefined(Smtp.Security))
        {
            yield return new("Doorman:Mail:Smtp:Security must be Auto, StartTls, SslOnConnect or None.");
        }
        if (Smtp.Username is not null && Smtp.Password is null)
        {
            yield return new("Doorman:Mail:Smtp:Password is required when Doorman:Mail:Smtp:Username is set.");
        }
        if (PollInterval < TimeSpan.FromMilliseconds(100) || PollInterval > TimeSpan.FromHours(1))
        {
            yield return new($"Doorman:Mail:PollInterval must be between 00:00:00.1 and 01:00:00, not '{PollInterval}'.");
        }
    }
}

public enum SmtpSecurity
{
    /// <summary>TLS on connect for port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,
    StartTls,
    SslOnConnect,

    /// <summary>Plain text: only for a relay on the same machine or a trusted network.</summary>
    None,
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? Username { get; set; }
    public string? Password { get; set; }
}
