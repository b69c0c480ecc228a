namespace Doorman.Server.Features.SignIn;

internal static partial class Log
{
    [LoggerMessage(4001, LogLevel.Debug, "Sign-in started with provider {ProviderId}")]
    public static partial void SignInStarted(ILogger logger, Guid providerId);

    [LoggerMessage(4002, LogLevel.Information, "Sign-in through provider {ProviderId} succeeded for account {AccountId}")]
    public static partial void SignInSucceeded(ILogger logger, Guid providerId, Guid accountId);

    [LoggerMessage(4003, LogLevel.Warning, "Sign-in through provider {ProviderId} failed: {Code} ({Reason})")]
    public static partial void SignInFailed(ILogger logger, Guid? providerId, string code, string reason);

    [LoggerMessage(4004, LogLevel.Information, "Password sign-in for account {AccountId}: {Outcome}")]
    public static partial void PasswordSignIn(ILogger logger, Guid? accountId, string outcome);

    [LoggerMessage(4005, LogLevel.Information, "Account {AccountId} signed out")]
    public static partial void SignedOut(ILogger logger, Guid accountId);
}
