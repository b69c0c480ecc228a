namespace Doorman.Server.Features.ApiKeys;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Bootstrap operator key {State}")]
    public static partial void BootstrapKey(ILogger logger, string state);
}
