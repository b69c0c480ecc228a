using System.Diagnostics;

namespace Doorman.Testing;

/// <summary>Runs a script from <c>tests/e2e/node-op</c> in its own Node process and waits for its "listening …" line.</summary>
internal static class NodeProcess
{
    public static async Task<(Process Process, string Listening)> StartAsync(
        string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var folder = Folder();
        var start = new ProcessStartInfo("node", [Path.Combine(folder, script), .. arguments])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        process.ErrorDataReceived += (_, _) => { };   // oidc-provider warns about the Node version and its dev adapter
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                return (process, line["listening ".Length..].Trim());
            }
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"{script} exited before listening.");
    }

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "e2e", "node-op");
            if (File.Exists(Path.Combine(dir.FullName, "Doorman.slnx")) && Directory.Exists(candidate))
            {
                if (!Directory.Exists(Path.Combine(candidate, "node_modules")))
                {
                    throw new InvalidOperationException($"Run 'npm ci' in {candidate} first (scripts/test.sh does).");
                }
                return candidate;
            }
        }
        throw new InvalidOperationException("tests/e2e/node-op not found above " + AppContext.BaseDirectory);
    }
}
