using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.Mail;
using Doorman.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Doorman.Server.Features.Notices;

/// <summary>What to tell a tenant's admins, and the audit record that says it was told.</summary>
public sealed record Notice(string Key, Guid TenantId, string Subject, string Body, string Kind, string AuditAction, string AuditTarget);

/// <summary>
/// Mails a notice to every active admin of a tenant, once per key across every node and restart: the key is
/// recorded with the queued mail and the audit record in one transaction, and a second node's insert of the
/// same key fails and sends nothing. Runs in its own unit of work, apart from the caller's.
/// </summary>
public sealed class AdminNotices(IServiceScopeFactory scopes, IOptions<DoormanOptions> options, TimeProvider time)
{
    /// <summary>Where admins manage a provider: its page's address when Doorman knows its public origin, else the way there.</summary>
    public string ProviderPage(Guid providerId) =>
        options.Value.PublicOrigin is { } origin
            ? $"{origin.TrimEnd('/')}/admin/providers/{providerId}"
            : "Doorman's admin area → Identity providers";

    /// <summary>Sends the notice unless its key was sent before; answers the number of admins it went to, or null.</summary>
    public async Task<int?> SendOnceAsync(Notice notice, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DoormanDbContext>();
        db.TenantScope = notice.TenantId;
        if (await db.SentNotices.AnyAsync(n => n.Key == notice.Key, cancellationToken))
        {
            return null;
        }
        var admins = await db.Accounts
            .Where(a => a.Status == AccountStatus.Active && a.Roles.Contains(TenantAdminRole))
            .OrderBy(a => a.NormalizedEmail)
            .Select(a => a.Email)
            .ToListAsync(cancellationToken);
        db.SentNotices.Add(new SentNotice { Key = notice.Key, TenantId = notice.TenantId, CreatedAt = time.GetUtcNow().UtcDateTime });
        var mail = scope.ServiceProvider.GetRequiredService<MailQueue>();
        foreach (var admin in admins)
        {
            mail.Enqueue(admin, notice.Subject, notice.Body, notice.Kind, notice.TenantId);
        }
        scope.ServiceProvider.GetRequiredService<AuditLog>().Record(notice.TenantId, "doorman", notice.AuditAction, notice.AuditTarget,
            AuditOutcome.Success, admins.Count == 0 ? "no active admin to tell" : $"mailed to {string.Join(", ", admins)}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (await db.SentNotices.AsNoTracking().AnyAsync(n => n.Key == notice.Key, CancellationToken.None))
            {
                return null;   // another node sent it a moment ago
            }
            throw;
        }
        return admins.Count;
    }

    /// <summary>
    /// A sign-in failed because the provider refused Doorman's own configuration (most often an expired or replaced
    /// client secret): people can't fix that, the admins can. At most one mail a day per provider.
    /// </summary>
    public Task<int?> ConfigurationErrorAsync(IdentityProvider provider, string tenantName, string reason, CancellationToken cancellationToken)
    {
        var today = time.GetUtcNow().UtcDateTime;
        var page = ProviderPage(provider.Id);
        var body = $"""
            A sign-in through "{provider.DisplayName}" of {tenantName} failed at {today:yyyy-MM-dd HH:mm} UTC because the identity
            provider refused Doorman's configuration (sso.configuration_error):

            {reason}

            People see an error page that tells them to contact you. Most often the client secret has expired or was
            replaced at the provider. Open {page}, replace the secret (or fix the client id), then run
            "Discover endpoints / Test". Doorman sends this notice at most once a day per provider; the audit log
            holds every failed sign-in.
            """;
        return SendOnceAsync(new Notice($"configuration-error:{provider.Id}:{today:yyyy-MM-dd}", provider.TenantId,
            $"Sign-ins through \"{provider.DisplayName}\" are failing: configuration error", body,
            "configuration-error", "provider.configuration_error_notice", $"provider:{provider.Scheme}"), cancellationToken);
    }

    private const string TenantAdminRole = "admin";
}
