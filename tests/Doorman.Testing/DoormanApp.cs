using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Doorman.Testing;

/// <summary>Doorman in process, on a given database, with its logs captured.</summary>
public sealed class DoormanApp(TestDatabase database, string dataDir, IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<Program>
{
    public const string OperatorKey = "test-operator-key-00000000000000000000000000";

    public LogSink Logs { get; } = new();

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
        builder.ConfigureTestServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, PeerAddressFilter>());
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
