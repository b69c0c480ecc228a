using Doorman.Server.Features.Mail;
using Doorman.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Doorman.Server.Features.Notices;

public static class NoticesSetup
{
    /// <summary>Mail (SMTP or the outbox folder), its dispatcher, admin notices and the secret-expiry reminders.</summary>
    public static WebApplicationBuilder AddNotices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MailSignal>();
        services.AddScoped<MailQueue>();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.UsesSmtp
            ? ActivatorUtilities.CreateInstance<SmtpTransport>(sp)
            : new OutboxTransport(
                Path.Combine(sp.GetRequiredService<IOptions<DoormanOptions>>().Value.DataDirectory(), "outbox"),
                sp.GetRequiredService<ILogger<OutboxTransport>>()));
        services.AddHostedService<MailDispatcher>();
        services.AddSingleton<Leases>();
        services.AddSingleton<AdminNotices>();
        services.AddSingleton<SecretExpiryReminders>();
        services.AddHostedService(sp => sp.GetRequiredService<SecretExpiryReminders>());
        return builder;
    }
}
