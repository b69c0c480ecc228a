using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Doorman.Server.IntegrationTests;

public sealed class LoggingConventionTests
{
    [Fact]
    public void Every_log_message_has_its_own_event_id()
    {
        var ids = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();

        Assert.True(ids.Count >= 5, "expected the features' [LoggerMessage] methods to be found");
        Assert.All(ids, x => Assert.True(x.Attribute!.EventId > 0, $"{x.Method} has no event id"));
        var duplicates = ids.GroupBy(x => x.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Method))}");
        Assert.Empty(duplicates);
    }
}
