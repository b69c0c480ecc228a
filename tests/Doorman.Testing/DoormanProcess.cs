using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Doorman.Testing;

/// <summary>
/// Doorman as a real server process (<c>dotnet Doorman.Server.dll</c>), configured through environment variables as an
/// operator would, on its own loopback port: for what only separate processes show, such as two nodes on one database.
/// </summary>
public sealed class DoormanProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DoormanProcess(Process process, string origin)
    {
        _process = process;
        Origin = origin;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Origin { get; }

    /// <summary>What the process wrote, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<DoormanProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var origin = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Doorman.Server.dll"), "--urls", origin])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var doorman = new DoormanProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), origin);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !doorman._process.HasExited)
        {
            try
            {
                if ((await http.GetAsync($"{origin}/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return doorman;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        var output = doorman.Output;
        await doorman.DisposeAsync();
        throw new InvalidOperationException($"Doorman did not become healthy:\n{output}");
    }

    public HttpClient Api(string key) =>
        new() { BaseAddress = new Uri(Origin), DefaultRequestHeaders = { Authorization = new("Bearer", key) } };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
