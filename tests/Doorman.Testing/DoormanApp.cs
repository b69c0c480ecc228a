using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;

namespace Doorman.Testing;

/// <summary>Doorman in process, on a given database, with its logs captured.</summary>
public sealed class DoormanApp(TestDatabase database, string dataDir, IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<Program>
{
    public const string OperatorKey = "test-operator-key-00000000000000000000000000";

    public LogSink Logs { get; } = new();

    /// <summary>Replaces the network under Doorman's outgoing HTTP clients, e.g. to reach emulated cloud providers.</summary>
    public Func<HttpMessageHandler>? Network { get; init; }

    /// <summary>Doorman's clock, when a test moves time.</summary>
    public TimeProvider? Clock { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Doorman:DataDir", dataDir);
        builder.UseSetting("Doorman:Database:Provider", database.Provider);
        builder.UseSetting("ConnectionStrings:Doorman", database.ConnectionString);
        builder.UseSetting("Doorman:Bootstrap:ApiKey", OperatorKey);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter, PeerAddressFilter>();
            if (Clock is { } clock)
            {
                services.AddSingleton(clock);
            }
            if (Network is { } network)
            {
                services.PostConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = network()));
            }
        });
    }

    /// <summary>An admin API client: the operator key unless another is given.</summary>
    public HttpClient Api(string? key = OperatorKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        }
        return client;
    }
}
