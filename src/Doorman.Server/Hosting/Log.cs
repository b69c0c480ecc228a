namespace Doorman.Server.Hosting;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database ready: {Provider}, migrations applied")]
    public static partial void DatabaseReady(ILogger logger, string provider);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Data folder: {DataDir}")]
    public static partial void DataFolder(ILogger logger, string dataDir);
}
