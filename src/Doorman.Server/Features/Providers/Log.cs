namespace Doorman.Server.Features.Providers;

/// <summary>Provider events. Ids and outcomes only: never a secret, token or whole request.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Provider {ProviderId} ({Scheme}) {Action} in tenant {TenantId}")]
    public static partial void ProviderChanged(ILogger logger, Guid providerId, string scheme, string action, Guid tenantId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Provider {ProviderId} connection test: {Outcome}, {ProblemCount} problem(s)")]
    public static partial void ProviderTested(ILogger logger, Guid providerId, string outcome, int problemCount);
}
