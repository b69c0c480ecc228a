// Completed sign-ins per second through the whole authorization code flow (PKCE, code exchange, ID token
// validation, session cookie), for Doorman and for a minimal stock ASP.NET Core AddOpenIdConnect app, against
// the same local OpenIddict provider, printed side by side from one run.
//
//   dotnet run -c Release --project bench/Doorman.Bench -- [seconds per app, default 10] [concurrency, default 8]
//
// Or users created through SCIM, Doorman beside a SCIMMY service (see ScimBench):
//
//   dotnet run -c Release --project bench/Doorman.Bench -- scim [users, default 10000] [concurrency, default 8]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Doorman.Bench;
using Doorman.Testing;

if (args.FirstOrDefault() == "scim")
{
    await ScimBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8);
    return;
}

var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;

await using var provider = await OpenIddictProvider.StartAsync();
var results = new List<(string Name, Result Result, int MetadataRequests)>();

// Doorman: a tenant with a JIT provider; each sign-in is a new browser for the same person.
{
    await using var doorman = await BenchDoorman.StartAsync(dir => new SqliteTestDatabase(dir));
    var (origin, api) = (doorman.Origin, doorman.Api);
    var clientId = await provider.AddClientAsync($"{origin}/signin-bench", "bench-secret");
    var created = await api.PostAsJsonAsync("/api/tenants/bench/providers", new
    {
        displayName = "Bench", scheme = "bench", type = "oidc", issuer = provider.Issuer, clientId,
        clientSecret = "bench-secret", allowInsecureHttp = true, provisioning = "jit",
    });
    created.EnsureSuccessStatusCode();
    var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<string>();
    var start = $"{origin}/sso/login?id={id}";
    var before = provider.MetadataRequests;
    results.Add(("Doorman", await LoadDriver.RunAsync(start, $"{origin}/", seconds, concurrency), provider.MetadataRequests - before));
}

// The stock ASP.NET Core OpenID Connect handler, configured as its documentation shows.
{
    var origin = $"http://127.0.0.1:{Ports.Free()}";
    var clientId = await provider.AddClientAsync($"{origin}/signin-oidc", "stock-secret");
    await using var stock = await StockApp.StartAsync(origin, provider.Issuer, clientId, "stock-secret");
    var before = provider.MetadataRequests;
    results.Add(("ASP.NET Core AddOpenIdConnect", await LoadDriver.RunAsync($"{origin}/login", $"{origin}/", seconds, concurrency),
        provider.MetadataRequests - before));
}

Console.WriteLine();
Console.WriteLine($"Completed sign-ins, {concurrency} concurrent browsers, {seconds} s each, same OpenIddict provider, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"relying party",-32} {"sign-ins/s",10} {"p50 ms",8} {"p95 ms",8} {"failed",7} {"metadata fetches",17}");
foreach (var (name, result, metadata) in results)
{
    Console.WriteLine($"{name,-32} {result.PerSecond,10:0.0} {result.P50,8:0.0} {result.P95,8:0.0} {result.Failed,7} {metadata,17}");
}
