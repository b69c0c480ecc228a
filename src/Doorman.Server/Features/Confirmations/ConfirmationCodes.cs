using System.Security.Cryptography;
using System.Text;
using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.Mail;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Confirmations;

public enum CodeCheck
{
    Accepted,
    Wrong,
    Expired,
    TooManyAttempts,

    /// <summary>No code was sent for this, or it was used already.</summary>
    Missing,
}

/// <summary>
/// One-time codes mailed to the acting admin before a risky change: six digits, ten minutes, five tries, once.
/// Each try is counted in the database before the code is compared, so parallel guesses can't exceed five; a new
/// code for the same purpose replaces the last one. Sending, refusing and accepting are audited.
/// </summary>
public sealed class ConfirmationCodes(DoormanDbContext db, MailQueue mail, AuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public const int MaxAttempts = 5;

    /// <summary>Mails a new code for <paramref name="purpose"/> to <paramref name="admin"/>; <paramref name="what"/> reads "disable …".</summary>
    public async Task SendAsync(Account admin, string purpose, string what, string target, CancellationToken cancellationToken)
    {
        await db.ConfirmationCodes.Where(c => c.AccountId == admin.Id && c.Purpose == purpose && c.UsedAt == null)
            .ExecuteDeleteAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var id = Guid.NewGuid();
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        db.ConfirmationCodes.Add(new ConfirmationCode
        {
            Id = id,
            TenantId = admin.TenantId,
            AccountId = admin.Id,
            Purpose = purpose,
            CodeHash = Hash(id, code),
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        });
        mail.Enqueue(admin.Email, $"Doorman: confirm to {what}", $"""
            Your confirmation code is {code}

            Enter it in Doorman to {what}. It is valid for {Lifetime.TotalMinutes:0} minutes and can be used once.

            If you did not ask for this, someone may be using your Doorman session: do not share the code, sign out
            everywhere and tell your security team.
            """, "confirmation-code", admin.TenantId, sensitive: true);
        audit.Record(admin.TenantId, Actor(admin), "confirmation.sent", target, AuditOutcome.Success, $"code to {what} mailed to {admin.Email}");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Checks and, when right, uses up the code. A refusal is audited at once; acceptance goes with the change it allows.</summary>
    public async Task<CodeCheck> UseAsync(Account admin, string purpose, string? code, string target, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var latest = await db.ConfirmationCodes.AsNoTracking()
            .Where(c => c.AccountId == admin.Id && c.Purpose == purpose && c.UsedAt == null)
            .OrderByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var check = latest switch
        {
            null => CodeCheck.Missing,
            _ when latest.ExpiresAt <= now => CodeCheck.Expired,
            _ => await TryAsync(latest, code?.Trim() ?? "", now, cancellationToken),
        };
        if (check == CodeCheck.Accepted)
        {
            audit.Record(admin.TenantId, Actor(admin), "confirmation.accepted", target, AuditOutcome.Success, purpose);
        }
        else
        {
            audit.Record(admin.TenantId, Actor(admin), "confirmation.refused", target, AuditOutcome.Failure, $"{purpose}: {check}");
            await db.SaveChangesAsync(cancellationToken);
        }
        return check;
    }

    /// <summary>Tries left on the newest code for this purpose (for the page's message).</summary>
    public async Task<int> AttemptsLeftAsync(Account admin, string purpose, CancellationToken cancellationToken) =>
        MaxAttempts - (await db.ConfirmationCodes.Where(c => c.AccountId == admin.Id && c.Purpose == purpose && c.UsedAt == null)
            .OrderByDescending(c => c.CreatedAt).Select(c => (int?)c.Attempts).FirstOrDefaultAsync(cancellationToken) ?? MaxAttempts);

    private async Task<CodeCheck> TryAsync(ConfirmationCode stored, string code, DateTime now, CancellationToken cancellationToken)
    {
        var counted = await db.ConfirmationCodes
            .Where(c => c.Id == stored.Id && c.UsedAt == null && c.Attempts < MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken);
        if (counted == 0)
        {
            return CodeCheck.TooManyAttempts;
        }
        if (code.Length != 6 || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Hash(stored.Id, code)), Encoding.ASCII.GetBytes(stored.CodeHash)))
        {
            return CodeCheck.Wrong;
        }
        var used = await db.ConfirmationCodes
            .Where(c => c.Id == stored.Id && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken);
        return used == 1 ? CodeCheck.Accepted : CodeCheck.Missing;
    }

    private static string Hash(Guid id, string code) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(id.ToByteArray(), Encoding.ASCII.GetBytes(code)));

    private static string Actor(Account admin) => $"account:{admin.Email}";
}
