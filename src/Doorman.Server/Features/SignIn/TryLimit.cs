using System.Linq.Expressions;
using Doorman.Data;
using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Doorman.Server.Features.SignIn;

/// <summary>
/// Guessing limits per account: a try is counted in the database before the secret is compared (so tries sent in
/// parallel, from many addresses or through several nodes, are all counted); <see cref="Max"/> failures in a row
/// pause the check for <see cref="PauseFor"/>; a success starts the count again.
/// </summary>
public sealed class TryLimit
{
    /// <summary>Passwords: 10 wrong in a row pause password sign-in for 15 minutes.</summary>
    public static readonly TryLimit Password = new(a => a.FailedPasswordAttempts, a => a.PasswordLockedUntil, 10, TimeSpan.FromMinutes(15));

    /// <summary>Authenticator and recovery codes: 10 wrong in a row pause the code check for 15 minutes.</summary>
    public static readonly TryLimit Mfa = new(a => a.FailedMfaAttempts, a => a.MfaLockedUntil, 10, TimeSpan.FromMinutes(15));

    private readonly Expression<Func<Account, int>> _failures;
    private readonly Expression<Func<Account, DateTime?>> _pausedUntil;
    private readonly Func<Account, DateTime?> _readPausedUntil;

    private TryLimit(Expression<Func<Account, int>> failures, Expression<Func<Account, DateTime?>> pausedUntil, int max, TimeSpan pauseFor)
    {
        (_failures, _pausedUntil, Max, PauseFor) = (failures, pausedUntil, max, pauseFor);
        _readPausedUntil = pausedUntil.Compile();
    }

    public int Max { get; }
    public TimeSpan PauseFor { get; }

    /// <summary>Counts a try; false when the account is paused (nothing is counted then, and nothing may be checked).</summary>
    public async Task<bool> CountAsync(DoormanDbContext db, Guid accountId, DateTime now, CancellationToken cancellationToken) =>
        await db.Accounts.Where(a => a.Id == accountId).Where(NotPausedAt(now))
            .ExecuteUpdateAsync(s => s.SetProperty(_failures, Add(_failures, 1)), cancellationToken) == 1;

    /// <summary>After a failed try: pauses the account when this try reached the limit; the end of the pause, or null.</summary>
    public async Task<DateTime?> PauseIfReachedAsync(DoormanDbContext db, Guid accountId, DateTime now, CancellationToken cancellationToken)
    {
        var until = now + PauseFor;
        var paused = await db.Accounts.Where(a => a.Id == accountId).Where(Reached())
            .ExecuteUpdateAsync(s => s.SetProperty(_failures, 0).SetProperty(_pausedUntil, until), cancellationToken);
        return paused == 1 ? until : null;
    }

    /// <summary>After a right password or code: the count starts again.</summary>
    public Task ResetAsync(DoormanDbContext db, Guid accountId, CancellationToken cancellationToken) =>
        db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(s => s.SetProperty(_failures, 0), cancellationToken);

    /// <summary>The end of the account's pause, when it is paused now.</summary>
    public DateTime? PausedUntil(Account account, DateTime now) =>
        _readPausedUntil(account) is { } until && until > now ? until : null;

    private Expression<Func<Account, bool>> NotPausedAt(DateTime now)
    {
        var until = _pausedUntil.Body;
        var body = Expression.OrElse(
            Expression.Equal(until, Expression.Constant(null, typeof(DateTime?))),
            Expression.LessThanOrEqual(until, Expression.Constant(now, typeof(DateTime?))));
        return Expression.Lambda<Func<Account, bool>>(body, _pausedUntil.Parameters);
    }

    private Expression<Func<Account, bool>> Reached()
    {
        var failures = ReplacingExpressionVisitor.Replace(_failures.Parameters[0], _pausedUntil.Parameters[0], _failures.Body);
        return Expression.Lambda<Func<Account, bool>>(Expression.GreaterThanOrEqual(failures, Expression.Constant(Max)), _pausedUntil.Parameters);
    }

    private static Expression<Func<Account, int>> Add(Expression<Func<Account, int>> property, int amount) =>
        Expression.Lambda<Func<Account, int>>(Expression.Add(property.Body, Expression.Constant(amount)), property.Parameters);
}
