namespace Doorman.Server.Features.Notices;

/// <summary>When a client secret's reminders are due: 30, 7 and 1 days before it expires, and once when it has expired.</summary>
public static class SecretExpiry
{
    public static readonly int[] ReminderDays = [30, 7, 1];

    /// <summary>Whole days left until the secret expires (at the start of its expiry date, UTC); 0 or less once expired.</summary>
    public static int DaysLeft(DateOnly expiresAt, DateTime now) =>
        (int)Math.Ceiling((expiresAt.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - now).TotalDays);

    /// <summary>The most urgent reminder due now (30, 7, 1, or 0 for "expired"), or null when none is.</summary>
    public static int? DueReminder(DateOnly expiresAt, DateTime now)
    {
        var left = DaysLeft(expiresAt, now);
        if (left <= 0)
        {
            return 0;
        }
        return ReminderDays.Where(d => left <= d).Select(d => (int?)d).LastOrDefault();
    }

    /// <summary>A banner is shown while the secret expires within 30 days or has expired.</summary>
    public static bool NearOrPast(DateOnly? expiresAt, DateTime now) =>
        expiresAt is { } date && DaysLeft(date, now) <= ReminderDays[0];

    public static string Describe(DateOnly expiresAt, DateTime now) => DaysLeft(expiresAt, now) switch
    {
        <= 0 => $"expired on {expiresAt:yyyy-MM-dd}",
        1 => $"expires tomorrow ({expiresAt:yyyy-MM-dd})",
        var days => $"expires in {days} days ({expiresAt:yyyy-MM-dd})",
    };
}
