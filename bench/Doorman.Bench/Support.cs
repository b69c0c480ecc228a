using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Doorman.Testing;

namespace Doorman.Bench;

internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class Repository
{
    /// <summary>The folder holding Doorman.slnx, above the running bench.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Doorman.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("Doorman.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>Doorman on a real port with a tenant "bench", and an operator API client; disposing stops it.</summary>
internal sealed class BenchDoorman : IAsyncDisposable
{
    private readonly DoormanApp _app;

    private BenchDoorman(DoormanApp app, string origin)
    {
        _app = app;
        Origin = origin;
        Api = new HttpClient { BaseAddress = new Uri(origin) };
        Api.DefaultRequestHeaders.Authorization = new("Bearer", DoormanApp.OperatorKey);
    }

    public string Origin { get; }
    public HttpClient Api { get; }

    public static async Task<BenchDoorman> StartAsync(Func<string, TestDatabase> database)
    {
        var dataDir = Directory.CreateTempSubdirectory("doorman-bench-").FullName;
        var origin = $"http://127.0.0.1:{Ports.Free()}";
        var app = new DoormanApp(database(dataDir), dataDir,
            new Dictionary<string, string?> { ["Doorman:PublicOrigin"] = origin, ["Logging:LogLevel:Default"] = "Warning" });
        app.UseKestrel(new Uri(origin).Port);
        app.StartServer();
        var doorman = new BenchDoorman(app, origin);
        (await doorman.Api.PostAsJsonAsync("/api/tenants", new { slug = "bench", name = "Bench" })).EnsureSuccessStatusCode();
        return doorman;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _app.DisposeAsync();
    }
}
