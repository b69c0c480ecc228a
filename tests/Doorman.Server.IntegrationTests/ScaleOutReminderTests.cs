namespace Doorman.Server.IntegrationTests;

/// <summary>
/// Two Doorman server processes on one database, both running the reminder job every second: the database lease
/// and the send-once record make each reminder go out exactly once, and restarting both sends nothing again.
/// </summary>
public sealed class ScaleOutReminderTests
{
    private const string OperatorKey = "scale-out-operator-key-0000000000000000000000";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_server_processes_on_one_database_send_each_reminder_exactly_once(string provider)
    {
        var dataDir = Directory.CreateTempSubdirectory("doorman-scale-out-").FullName;
        await using TestDatabase database = provider == "sqlite" ? new SqliteTestDatabase(dataDir) : new PostgresTestDatabase();
        await using var smtp = await SmtpTestServer.StartAsync();
        var settings = new Dictionary<string, string?>(smtp.Settings())
        {
            ["Doorman:DataDir"] = dataDir,
            ["Doorman:Database:Provider"] = database.Provider,
            ["ConnectionStrings:Doorman"] = database.ConnectionString,
            ["Doorman:Bootstrap:ApiKey"] = OperatorKey,
            ["Doorman:Reminders:Interval"] = "00:00:01",
        };

        var first = await DoormanProcess.StartAsync(settings);
        var api = first.Api(OperatorKey);
        var slug = await api.NewTenantAsync();
        foreach (var email in new[] { "ann@example.test", "ben@example.test" })
        {
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/tenants/{slug}/accounts",
                new { email, roles = new[] { "admin" } })).StatusCode);
        }
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var (name, days) in new[] { ("Five days left", 5), ("Twenty days left", 20) })
        {
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/tenants/{slug}/providers", ApiTestExtensions.Oidc(
                ApiTestExtensions.NewScheme(), extra: new { displayName = name, clientSecretExpiresAt = today.AddDays(days).ToString("yyyy-MM-dd") }))).StatusCode);
        }
        var second = await DoormanProcess.StartAsync(settings);
        try
        {
            foreach (var admin in new[] { "ann@example.test", "ben@example.test" })
            {
                await smtp.WaitForAsync(admin, m => m.Subject.Contains("Five days left", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
                await smtp.WaitForAsync(admin, m => m.Subject.Contains("Twenty days left", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            }
            await Task.Delay(TimeSpan.FromSeconds(4));   // several more turns on both nodes
            await AssertSentOnceAsync(smtp);

            // Restart both nodes: the reminders are remembered in the database, not in a process.
            await first.DisposeAsync();
            await second.DisposeAsync();
            first = await DoormanProcess.StartAsync(settings);
            second = await DoormanProcess.StartAsync(settings);
            await Task.Delay(TimeSpan.FromSeconds(4));
            await AssertSentOnceAsync(smtp);
            Assert.Equal(2, (await (await second.Api(OperatorKey).GetAsync($"/api/tenants/{slug}/audit?action=provider.secret_expiry_reminder"))
                .JsonArrayAsync()).Count);
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    private static async Task AssertSentOnceAsync(SmtpTestServer smtp)
    {
        var received = await smtp.MessagesAsync();
        Assert.Equal(4, received.Count);
        Assert.Equal(4, received.Select(m => (m.To[0], m.Subject)).Distinct().Count());
        Assert.Equal(2, received.Count(m => m.Subject.Contains("expires in 5 days", StringComparison.Ordinal)));
        Assert.Equal(2, received.Count(m => m.Subject.Contains("expires in 20 days", StringComparison.Ordinal)));
    }
}
