using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Doorman.Bench;

public sealed record Result(double PerSecond, double P50, double P95, int Failed);

/// <summary>Browsers in a loop: each sign-in starts with an empty cookie jar and follows every redirect to the landing page.</summary>
public static class LoadDriver
{
    private static readonly HttpMessageInvoker Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        MaxConnectionsPerServer = 256,
    });

    public static async Task<Result> RunAsync(string start, string landing, int seconds, int concurrency)
    {
        // Warm-up: JIT, connection pools, and the relying party's metadata cache.
        await RunForAsync(start, landing, TimeSpan.FromSeconds(2), concurrency);
        var (latencies, failed, elapsed) = await RunForAsync(start, landing, TimeSpan.FromSeconds(seconds), concurrency);
        var sorted = latencies.Order().ToArray();
        return new Result(
            sorted.Length / elapsed.TotalSeconds,
            sorted.Length == 0 ? 0 : sorted[sorted.Length / 2],
            sorted.Length == 0 ? 0 : sorted[(int)(sorted.Length * 0.95)],
            failed);
    }

    private static async Task<(ConcurrentBag<double>, int, TimeSpan)> RunForAsync(string start, string landing, TimeSpan duration, int concurrency)
    {
        var latencies = new ConcurrentBag<double>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var one = Stopwatch.StartNew();
                if (await SignInAsync(start, landing))
                {
                    latencies.Add(one.Elapsed.TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        return (latencies, failed, clock.Elapsed);
    }

    private static async Task<bool> SignInAsync(string start, string landing)
    {
        // Browsers keep cookies up to 4096 bytes each; chunked session cookies come close, so don't be stricter.
        var cookies = new CookieContainer { MaxCookieSize = 16 * 1024 };
        var url = new Uri(start);
        for (var hop = 0; hop < 10; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            var cookie = cookies.GetCookieHeader(url);
            if (cookie.Length > 0)
            {
                request.Headers.Add("Cookie", cookie);
            }
            using var response = await Http.SendAsync(request, CancellationToken.None);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var header in set)
                {
                    cookies.SetCookies(url, header.Replace("samesite=none", "samesite=lax", StringComparison.OrdinalIgnoreCase));
                }
            }
            if (response.Headers.Location is { } location)
            {
                url = new Uri(url, location);
                continue;
            }
            return response.StatusCode == HttpStatusCode.OK && url.ToString() == landing;
        }
        return false;
    }
}
