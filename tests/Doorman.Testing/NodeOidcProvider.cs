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
        var (process, listening) = await NodeProcess.StartAsync(
            "op.mjs", [port.ToString(System.Globalization.CultureInfo.InvariantCulture)], environment);
        return (process, listening);
    }
}
