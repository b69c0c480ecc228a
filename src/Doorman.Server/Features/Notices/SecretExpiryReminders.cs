using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Doorman.Server.Features.Notices;

/// <summary>
/// Every <c>Doorman:Reminders:Interval</c>, the node holding the reminders lease mails each tenant's admins about
/// client secrets that expire within 30, 7 or 1 days, or have expired. Each reminder goes out once per provider and
/// expiry date: <see cref="AdminNotices"/> records it, so restarts and a lease changing hands never repeat it.
/// </summary>
public sealed class SecretExpiryReminders(
    IServiceScopeFactory scopes, Leases leases, AdminNotices notices, IOptions<DoormanOptions> options,
    TimeProvider time, ILogger<SecretExpiryReminders> logger) : BackgroundService
{
    public const string LeaseName = "secret-expiry-reminders";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Reminders.Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await leases.TryAcquireAsync(LeaseName, interval * 2 + TimeSpan.FromMinutes(1), stoppingToken))
                {
                    await SendDueAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Mail.Log.JobFailed(logger, ex, LeaseName);
            }
            await Task.Delay(interval, time, stoppingToken);
        }
    }

    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<Expiring> expiring;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DoormanDbContext>();
            var horizon = DateOnly.FromDateTime(now.AddDays(SecretExpiry.ReminderDays[0] + 1));
            // Every tenant's providers in use: this job works for the whole platform.
            expiring = await db.IdentityProviders.IgnoreQueryFilters().AsNoTracking()
                .Where(p => p.ClientSecretExpiresAt != null && p.ClientSecretExpiresAt <= horizon &&
                            p.Enabled && p.Status == ProviderStatus.Active)
                .Join(db.Tenants, p => p.TenantId, t => t.Id,
                    (p, t) => new Expiring(p.Id, p.TenantId, t.Name, p.DisplayName, p.Scheme, p.ClientSecretExpiresAt!.Value))
                .ToListAsync(cancellationToken);
        }
        foreach (var provider in expiring)
        {
            if (SecretExpiry.DueReminder(provider.ExpiresAt, now) is not { } due)
            {
                continue;
            }
            var sent = await notices.SendOnceAsync(Compose(provider, due, now), cancellationToken);
            if (sent is { } recipients)
            {
                Mail.Log.ReminderQueued(logger, provider.Id, due == 0 ? "expired" : $"{due} days", recipients);
            }
        }
    }

    private Notice Compose(Expiring provider, int due, DateTime now)
    {
        var when = SecretExpiry.Describe(provider.ExpiresAt, now);
        var page = notices.ProviderPage(provider.Id);
        var subject = due == 0
            ? $"Action needed: the client secret of \"{provider.Name}\" has expired"
            : $"Reminder: the client secret of \"{provider.Name}\" {when}";
        var body = $"""
            The client secret that Doorman uses for the identity provider "{provider.Name}" of {provider.TenantName} {when}.

            {(due == 0
                ? "Sign-ins through this provider fail with sso.configuration_error once the provider stops accepting the secret."
                : "When it expires, sign-ins through this provider will fail with sso.configuration_error.")}

            What to do:
            1. Create a new client secret in the app registration at your identity provider.
            2. In Doorman, open {page}, tick "Replace the stored secret", paste the new one and set its new expiry date.
            3. Run "Discover endpoints / Test" to prove the new secret works, then remove the old one at the provider.

            You receive this because you are an admin of {provider.TenantName} in Doorman.
            """;
        return new Notice($"secret-expiry:{provider.Id}:{provider.ExpiresAt:yyyy-MM-dd}:{due}", provider.TenantId, subject, body,
            "secret-expiry", "provider.secret_expiry_reminder", $"provider:{provider.Scheme}");
    }

    private sealed record Expiring(Guid Id, Guid TenantId, string TenantName, string Name, string Scheme, DateOnly ExpiresAt);
}
