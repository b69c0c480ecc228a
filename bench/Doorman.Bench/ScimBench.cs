using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Doorman.Testing;

namespace Doorman.Bench;

/// <summary>
/// Creates N users through SCIM (POST /Users in Entra ID's shape, with the enterprise extension), <c>concurrency</c>
/// requests at a time, against Doorman on SQLite (and on PostgreSQL when DOORMAN_TEST_POSTGRES is set) and against
/// the peer: a SCIMMY service (SCIMMY 1.3.5 + scimmy-routers on Express) keeping users in memory.
/// </summary>
public static class ScimBench
{
    private const string PeerToken = "bench";
    private static int _reported;

    public static async Task RunAsync(int users, int concurrency)
    {
        var rows = new List<(string Name, Result Result, TimeSpan Elapsed)>();
        rows.Add(await DoormanAsync("Doorman, SQLite", dir => new SqliteTestDatabase(dir), users, concurrency));
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOORMAN_TEST_POSTGRES")))
        {
            rows.Add(await DoormanAsync("Doorman, PostgreSQL", _ => new PostgresTestDatabase(), users, concurrency));
        }
        rows.Add(await PeerAsync(users, concurrency));

        Console.WriteLine();
        Console.WriteLine($"{users} users created through SCIM POST /Users, {concurrency} requests at a time, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"SCIM service",-52} {"total s",8} {"users/s",8} {"p50 ms",8} {"p95 ms",8} {"failed",7}");
        foreach (var (name, result, elapsed) in rows)
        {
            Console.WriteLine($"{name,-52} {elapsed.TotalSeconds,8:0.0} {result.PerSecond,8:0.0} {result.P50,8:0.0} {result.P95,8:0.0} {result.Failed,7}");
        }
    }

    private static async Task<(string, Result, TimeSpan)> DoormanAsync(
        string name, Func<string, TestDatabase> database, int users, int concurrency)
    {
        await using var doorman = await BenchDoorman.StartAsync(database);
        var (origin, api) = (doorman.Origin, doorman.Api);
        var provider = await (await api.PostAsJsonAsync("/api/tenants/bench/providers", new
        {
            displayName = "Entra", scheme = "bench-entra", type = "oidc", issuer = "https://login.example.test/", clientId = "bench",
            clientSecret = "bench-secret", provisioning = "manual",
        })).Content.ReadFromJsonAsync<JsonObject>();
        var token = await (await api.PostAsJsonAsync("/api/tenants/bench/scim-tokens", new { name = "bench", providerId = provider!["id"]!.GetValue<string>() }))
            .Content.ReadFromJsonAsync<JsonObject>();
        var (result, elapsed) = await CreateUsersAsync($"{origin}/scim/v2/bench/Users", token!["token"]!.GetValue<string>(), users, concurrency);
        return ($"{name} ({Check(await CountAsync($"{origin}/scim/v2/bench/Users", token["token"]!.GetValue<string>()), users)})", result, elapsed);
    }

    private static async Task<(string, Result, TimeSpan)> PeerAsync(int users, int concurrency)
    {
        var folder = Path.Combine(Repository.Root, "bench", "scim-peer");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = folder })!;
            await npm.WaitForExitAsync();
        }
        var start = new ProcessStartInfo("node", [Path.Combine(folder, "server.mjs")])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, UseShellExecute = false, Environment = { ["SCIM_TOKEN"] = PeerToken },
        };
        using var node = Process.Start(start)!;
        try
        {
            var port = (await node.StandardOutput.ReadLineAsync())!["listening ".Length..];
            var url = $"http://127.0.0.1:{port}/scim/v2/Users";
            var (result, elapsed) = await CreateUsersAsync(url, PeerToken, users, concurrency);
            return ($"SCIMMY 1.3.5 on Express, in memory ({Check(await CountAsync(url, PeerToken), users)})", result, elapsed);
        }
        finally
        {
            node.Kill(entireProcessTree: true);
        }
    }

    private static async Task<(Result, TimeSpan)> CreateUsersAsync(string url, string token, int users, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Warm-up users (JIT, pools) are not counted and have their own names.
        await Task.WhenAll(Enumerable.Range(0, concurrency * 4).Select(i => PostAsync(http, url, $"warmup-{i}")));
        var latencies = new ConcurrentBag<double>();
        var failed = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < users; i = Interlocked.Increment(ref next))
            {
                var one = Stopwatch.StartNew();
                if (await PostAsync(http, url, $"user{i:D5}"))
                {
                    latencies.Add(one.Elapsed.TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        var elapsed = clock.Elapsed;
        var sorted = latencies.Order().ToArray();
        return (new Result(sorted.Length / elapsed.TotalSeconds, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.95)], failed), elapsed);
    }

    /// <summary>A user as Entra ID's provisioning service creates one.</summary>
    private static async Task<bool> PostAsync(HttpClient http, string url, string name)
    {
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
            ["externalId"] = Guid.NewGuid().ToString(),
            ["userName"] = $"{name}@bench.example",
            ["active"] = true,
            ["displayName"] = $"User {name}",
            ["emails"] = new JsonArray(new JsonObject { ["primary"] = true, ["type"] = "work", ["value"] = $"{name}@bench.example" }),
            ["name"] = new JsonObject { ["formatted"] = $"User {name}", ["familyName"] = name, ["givenName"] = "User" },
            ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = new JsonObject { ["department"] = "Bench" },
        };
        using var response = await http.PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json"));
        if (response.StatusCode != System.Net.HttpStatusCode.Created && Interlocked.Increment(ref _reported) <= 3)
        {
            Console.Error.WriteLine($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return response.StatusCode == System.Net.HttpStatusCode.Created;
    }

    private static async Task<int> CountAsync(string url, string token)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var list = await http.GetFromJsonAsync<JsonObject>($"{url}?count=0");
        return list!["totalResults"]!.GetValue<int>();
    }

    /// <summary>The service holds every user created (plus the warm-up ones), or the figure says it doesn't.</summary>
    private static string Check(int count, int users) => count >= users ? $"{count} stored" : $"ONLY {count} STORED";
}
