using System.Net;
using System.Security.Cryptography;
using Doorman.Oidc.Metadata;
using Microsoft.IdentityModel.Tokens;

namespace Doorman.Oidc.Tests;

/// <summary>Refetching keys on an unknown kid: at most once per ten seconds, last good keys kept.</summary>
public sealed class SigningKeysTests
{
    private const string JwksUrl = "https://idp.example.com/jwks";
    private static readonly RsaSecurityKey First = new(RSA.Create(2048)) { KeyId = "first" };
    private static readonly RsaSecurityKey Second = new(RSA.Create(2048)) { KeyId = "second" };

    [Fact]
    public async Task Refetches_at_most_once_per_ten_seconds()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var handler = new CountingHandler(Jwks(Second));
        var keys = new SigningKeys([First], JwksUrl, allowInsecureHttp: false, time.GetUtcNow());
        var probe = new ProviderProbe(new HttpClient(handler));

        Assert.True(await keys.TryRefreshAsync(probe, time, CancellationToken.None));
        Assert.True(keys.Knows("second"));
        Assert.False(await keys.TryRefreshAsync(probe, time, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(await keys.TryRefreshAsync(probe, time, CancellationToken.None));
        Assert.Equal(1, handler.Calls);

        time.Advance(TimeSpan.FromSeconds(1));
        await keys.TryRefreshAsync(probe, time, CancellationToken.None);
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task Keeps_the_last_good_keys_when_the_provider_is_down()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var keys = new SigningKeys([First], JwksUrl, allowInsecureHttp: false, time.GetUtcNow());
        var probe = new ProviderProbe(new HttpClient(new CountingHandler(null)));

        Assert.False(await keys.TryRefreshAsync(probe, time, CancellationToken.None));
        Assert.True(keys.Knows("first"));
    }

    private static string Jwks(RsaSecurityKey key)
    {
        var p = key.Rsa.ExportParameters(false);
        return $$"""{"keys":[{"kty":"RSA","kid":"{{key.KeyId}}","use":"sig","n":"{{Base64UrlEncoder.Encode(p.Modulus)}}","e":"{{Base64UrlEncoder.Encode(p.Exponent)}}"}]}""";
    }

    private sealed class CountingHandler(string? body) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
        }
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
