using System.Diagnostics;

namespace Doorman.Testing;

/// <summary>
/// panva's <c>oidc-provider</c> (OpenID Certified), run by Node in its own process from <c>tests/e2e/node-op</c>.
/// One client, <c>rp</c> / <c>rp-secret</c>. <see cref="RotateKeyAsync"/> restarts it on the same port with a new
/// signing key, as a provider rotating its keys would look from outside.
/// </summary>
public sealed class NodeOidcProvider : IAsyncDisposable
{
    public const string ClientId = "rp";
    public const string ClientSecret = "rp-secret";

    private readonly Dictionary<string, string> _environment;
    private Process _process;

    private NodeOidcProvider(Process process, string issuer, Dictionary<string, string> environment)
    {
        _process = process;
        Issuer = issuer;
        _environment = environment;
    }

    /// <summary>e.g. http://127.0.0.1:40123 (oidc-provider's issuer has no trailing slash).</summary>
    public string Issuer { get; }

    public static async Task<NodeOidcProvider> StartAsync(
        IEnumerable<string> redirectUris, IEnumerable<string> postLogoutRedirectUris, bool autoApprove, string emailDomain = "example.test")
    {
        var environment = new Dictionary<string, string>
        {
            ["RP_REDIRECT_URIS"] = string.Join(',', redirectUris),
            ["RP_POST_LOGOUT_URIS"] = string.Join(',', postLogoutRedirectUris),
            ["AUTO_APPROVE"] = autoApprove ? "1" : "0",
            ["EMAIL_DOMAIN"] = emailDomain,
            ["KEY_ID"] = "key-1",
        };
        var (process, issuer) = await LaunchAsync(0, environment);
        return new NodeOidcProvider(process, issuer, environment);
    }

    /// <summary>Stops the provider and starts it again on the same address with a new signing key.</summary>
    public async Task RotateKeyAsync(string keyId)
    {
        await StopAsync();
        _environment["KEY_ID"] = keyId;
        (_process, _) = await LaunchAsync(new Uri(Issuer).Port, _environment);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static async Task<(Process, string)> LaunchAsync(int port, Dictionary<string, string> environment)
    {
        var folder = Folder();
        var start = new ProcessStartInfo("node", [Path.Combine(folder, "op.mjs"), port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
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
        throw new InvalidOperationException("oidc-provider exited before listening.");
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
