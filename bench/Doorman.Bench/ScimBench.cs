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
/// requests at a time, then pushes one group holding all of them (POST /Groups, then PATCH "add members" with 1,000
/// members each, as Entra ID batches them), against Doorman on SQLite (and on PostgreSQL when DOORMAN_TEST_POSTGRES
/// is set) and against the peer: a SCIMMY service (SCIMMY 1.3.5 + scimmy-routers on Express) keeping all in memory.
/// In Doorman the group is mapped to a role, so the push also gives every member that role.
/// </summary>
public static class ScimBench
{
    private const string PeerToken = "bench";
    private static int _reported;

    public static async Task RunAsync(int users, int concurrency)
    {
        var rows = new List<(string Name, Result Result, TimeSpan Elapsed, TimeSpan Group)>();
        rows.Add(await DoormanAsync("Doorman, SQLite", dir => new SqliteTestDatabase(dir), users, concurrency));
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOORMAN_TEST_POSTGRES")))
        {
            rows.Add(await DoormanAsync("Doorman, PostgreSQL", _ => new PostgresTestDatabase(), users, concurrency));
        }
        rows.Add(await PeerAsync(users, concurrency));

        Console.WriteLine();
        Console.WriteLine($"{users} users created through SCIM POST /Users, {concurrency} requests at a time, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"SCIM service",-52} {"total s",8} {"users/s",8} {"p50 ms",8} {"p95 ms",8} {"failed",7} {"group push s",13}");
        foreach (var (name, result, elapsed, group) in rows)
        {
            Console.WriteLine($"{name,-52} {elapsed.TotalSeconds,8:0.0} {result.PerSecond,8:0.0} {result.P50,8:0.0} {result.P95,8:0.0} {result.Failed,7} {group.TotalSeconds,13:0.0}");
        }
        Console.WriteLine($"group push: one group of all {users} users, POST /Groups then PATCH add members, 1,000 per request");
    }

    private static async Task<(string, Result, TimeSpan, TimeSpan)> DoormanAsync(
        string name, Func<string, TestDatabase> database, int users, int concurrency)
    {
        await using var doorman = await BenchDoorman.StartAsync(database);
        var (origin, api) = (doorman.Origin, doorman.Api);
        var provider = await (await api.PostAsJsonAsync("/api/tenants/bench/providers", new
        {
            displayName = "Entra", scheme = "bench-entra", type = "oidc", issuer = "https://login.example.test/", clientId = "bench",
            clientSecret = "bench-secret", provisioning = "manual", groupRoleMappings = new[] { new { group = "Everyone", role = "admin" } },
        })).Content.ReadFromJsonAsync<JsonObject>();
        var token = (await (await api.PostAsJsonAsync("/api/tenants/bench/scim-tokens", new { name = "bench", providerId = provider!["id"]!.GetValue<string>() }))
            .Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        var baseUrl = $"{origin}/scim/v2/bench";
        var (result, elapsed, ids) = await CreateUsersAsync($"{baseUrl}/Users", token, users, concurrency);
        var group = await PushGroupAsync(baseUrl, token, ids);
        var last = await api.GetFromJsonAsync<JsonArray>($"/api/tenants/bench/accounts?email=user{users - 1:D5}@bench.example");
        if (last!.Single()!["roles"]!.AsArray().All(r => r!.GetValue<string>() != "admin"))
        {
            throw new InvalidOperationException("The group's mapping did not give its members their role.");
        }
        return ($"{name} ({Check(await CountAsync($"{baseUrl}/Users", token), users)})", result, elapsed, group);
    }

    /// <summary>One group of all the users: created empty, then filled 1,000 members per PATCH.</summary>
    private static async Task<TimeSpan> PushGroupAsync(string baseUrl, string token, IReadOnlyList<string> ids)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var clock = Stopwatch.StartNew();
        var created = await http.PostAsync($"{baseUrl}/Groups", Scim(new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:Group"), ["displayName"] = "Everyone", ["members"] = new JsonArray(),
        }));
        var id = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        foreach (var chunk in ids.Chunk(1000))
        {
            (await http.PatchAsync($"{baseUrl}/Groups/{id}", Scim(new JsonObject
            {
                ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                ["Operations"] = new JsonArray(new JsonObject
                {
                    ["op"] = "Add", ["path"] = "members",
                    ["value"] = new JsonArray([.. chunk.Select(m => (JsonNode)new JsonObject { ["value"] = m })]),
                }),
            }))).EnsureSuccessStatusCode();
        }
        var elapsed = clock.Elapsed;
        var members = await http.GetFromJsonAsync<JsonObject>($"{baseUrl}/Groups/{id}");
        if (members!["members"]!.AsArray().Count != ids.Count)
        {
            throw new InvalidOperationException($"The group holds {members["members"]!.AsArray().Count} members, not {ids.Count}.");
        }
        return elapsed;
    }

    private static StringContent Scim(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/scim+json");

    private static async Task<(string, Result, TimeSpan, TimeSpan)> PeerAsync(int users, int concurrency)
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
            var (result, elapsed, ids) = await CreateUsersAsync(url, PeerToken, users, concurrency);
            var group = await PushGroupAsync($"http://127.0.0.1:{port}/scim/v2", PeerToken, ids);
            return ($"SCIMMY 1.3.5 on Express, in memory ({Check(await CountAsync(url, PeerToken), users)})", result, elapsed, group);
        }
        finally
        {
            node.Kill(entireProcessTree: true);
        }
    }

    private static async Task<(Result, TimeSpan, IReadOnlyList<string> Ids)> CreateUsersAsync(string url, string token, int users, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Warm-up users (JIT, pools) are not counted and have their own names.
        await Task.WhenAll(Enumerable.Range(0, concurrency * 4).Select(i => PostAsync(http, url, $"warmup-{i}")));
        var latencies = new ConcurrentBag<double>();
        var ids = new ConcurrentBag<string>();
        var failed = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < users; i = Interlocked.Increment(ref next))
            {
                var one = Stopwatch.StartNew();
                if (await PostAsync(http, url, $"user{i:D5}") is { } id)
                {
                    latencies.Add(one.Elapsed.TotalMilliseconds);
                    ids.Add(id);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        var elapsed = clock.Elapsed;
        var sorted = latencies.Order().ToArray();
        return (new Result(sorted.Length / elapsed.TotalSeconds, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.95)], failed), elapsed,
            [.. ids]);
    }

    /// <summary>A user as Entra ID's provisioning service creates one; its id, or null when refused.</summary>
    private static async Task<string?> PostAsync(HttpClient http, string url, string name)
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
        using var response = await http.PostAsync(url, Scim(body));
        if (response.StatusCode == System.Net.HttpStatusCode.Created)
        {
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        }
        if (Interlocked.Increment(ref _reported) <= 3)
        {
            Console.Error.WriteLine($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return null;
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
