using System.Collections.Concurrent;

namespace Doorman.Oidc.Metadata;

/// <summary>
/// Discovery documents and signing keys per provider id, so the sign-in hot path makes no metadata
/// requests. An entry is dropped when the provider's configuration version changes, and refreshed after
/// <see cref="Lifetime"/>; if the provider is unreachable then, the last good metadata stays in use.
/// </summary>
public sealed class ProviderMetadataCache(ProviderProbe probe, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _gates = new();

    internal ProviderProbe Probe => probe;

    /// <summary>The provider's metadata, or the problems that stop a sign-in.</summary>
    public async Task<MetadataLookup> GetAsync(ProviderSettings provider, CancellationToken cancellationToken)
    {
        if (Fresh(provider) is { } cached)
        {
            return new MetadataLookup(cached, [], false);
        }
        // One fetch per provider at a time: a burst of first sign-ins waits for it instead of stampeding the provider.
        var gate = _gates.GetOrAdd(provider.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return Fresh(provider) is { } fetched ? new MetadataLookup(fetched, [], false) : await FetchAsync(provider, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private ProviderMetadata? Fresh(ProviderSettings provider) =>
        _entries.TryGetValue(provider.Id, out var entry) && entry.Version == provider.Version && time.GetUtcNow() < entry.FreshUntil
            ? entry.Metadata
            : null;

    private async Task<MetadataLookup> FetchAsync(ProviderSettings provider, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _entries.TryGetValue(provider.Id, out var entry);
        var result = await probe.ProbeAsync(provider.Location, cancellationToken);
        if (!result.Ok || result.Issuer is null ||
            result.Endpoints.Authorization is null || result.Endpoints.Token is null || result.Endpoints.Jwks is null)
        {
            // Same configuration, provider briefly down: keep signing people in with what we knew.
            return entry is not null && entry.Version == provider.Version
                ? new MetadataLookup(entry.Metadata, [], false)
                : new MetadataLookup(
                    null,
                    result.Problems.Count > 0 ? result.Problems : ["The provider's metadata is incomplete."],
                    result.Unreachable);
        }

        var metadata = new ProviderMetadata(
            result.Issuer,
            result.Endpoints,
            result.IssuerParameterSupported,
            new SigningKeys(result.SigningKeys, result.Endpoints.Jwks, provider.Location.AllowInsecureHttp, now));
        _entries[provider.Id] = new Entry(provider.Version, metadata, now + Lifetime);
        return new MetadataLookup(metadata, [], false);
    }

    /// <summary>Forgets a provider, e.g. when it is deleted.</summary>
    public void Evict(Guid providerId) => _entries.TryRemove(providerId, out _);

    private sealed record Entry(int Version, ProviderMetadata Metadata, DateTimeOffset FreshUntil);
}

public sealed record MetadataLookup(ProviderMetadata? Metadata, IReadOnlyList<string> Problems, bool Unreachable);
