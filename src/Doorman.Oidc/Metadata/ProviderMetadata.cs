using Microsoft.IdentityModel.Tokens;

namespace Doorman.Oidc.Metadata;

/// <summary>A provider's resolved metadata, as a sign-in uses it.</summary>
public sealed record ProviderMetadata(
    string Issuer,
    ProviderEndpoints Endpoints,
    bool IssuerParameterSupported,
    SigningKeys Keys);

/// <summary>
/// A provider's signing keys. On a token signed with a key we do not know, the keys are fetched again at
/// most once per <see cref="RefreshInterval"/>, so a provider's key rotation needs no action while a flood of
/// forged tokens cannot turn Doorman into a load generator against the provider. When the provider is down,
/// the last good keys stay in use.
/// </summary>
public sealed class SigningKeys(IReadOnlyList<SecurityKey> keys, string jwksUrl, bool allowInsecureHttp, DateTimeOffset fetchedAt)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private IReadOnlyList<SecurityKey> _keys = keys;
    // The load with the discovery document does not count: a rotation right after it is picked up at once.
    private DateTimeOffset _lastAttempt = fetchedAt - RefreshInterval;

    public IReadOnlyList<SecurityKey> Current => _keys;

    public bool Knows(string keyId) => _keys.Any(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));

    /// <summary>Fetches the keys again unless that was tried within the last ten seconds; true when they changed.</summary>
    public async Task<bool> TryRefreshAsync(ProviderProbe probe, TimeProvider time, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _lastAttempt < RefreshInterval)
            {
                return false;
            }
            _lastAttempt = now;
        }

        var problems = new List<string>();
        var fresh = await probe.FetchSigningKeysAsync(jwksUrl, allowInsecureHttp, problems, cancellationToken);
        if (problems.Count > 0 || fresh.Count == 0)
        {
            return false;
        }
        _keys = fresh;
        return true;
    }
}
