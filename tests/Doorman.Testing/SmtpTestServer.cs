using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Doorman.Testing;

/// <summary>A message the SMTP server received, as it parsed it.</summary>
public sealed record ReceivedMail(string From, string[] To, string Subject, string Text, string? AuthenticatedAs);

/// <summary>
/// A real SMTP server (nodemailer's <c>smtp-server</c>) in its own Node process on loopback; the tests read what it
/// received. With a user name and password it requires authentication.
/// </summary>
public sealed partial class SmtpTestServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private SmtpTestServer(Process process, int smtpPort, int httpPort)
    {
        _process = process;
        Port = smtpPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    public int Port { get; }

    public static async Task<SmtpTestServer> StartAsync(string? user = null, string? password = null)
    {
        var environment = new Dictionary<string, string>();
        if (user is not null)
        {
            environment["SMTP_USER"] = user;
            environment["SMTP_PASS"] = password ?? "";
        }
        var (process, listening) = await NodeProcess.StartAsync("smtp.mjs", [], environment);
        var ports = listening.Split(' ');
        return new SmtpTestServer(process, int.Parse(ports[0], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(ports[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Doorman's configuration for this server.</summary>
    public Dictionary<string, string?> Settings(string? user = null, string? password = null) => new()
    {
        ["Doorman:Mail:Smtp:Host"] = "127.0.0.1",
        ["Doorman:Mail:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Doorman:Mail:Smtp:Security"] = "None",
        ["Doorman:Mail:Smtp:Username"] = user,
        ["Doorman:Mail:Smtp:Password"] = password,
        ["Doorman:Mail:From"] = "Doorman <sso@doorman.test>",
        ["Doorman:Mail:PollInterval"] = "00:00:00.200",
    };

    public async Task<List<ReceivedMail>> MessagesAsync() =>
        await _http.GetFromJsonAsync<List<ReceivedMail>>("/messages") ?? [];

    /// <summary>Waits until a message to <paramref name="to"/> matching <paramref name="match"/> arrives.</summary>
    public async Task<ReceivedMail> WaitForAsync(string to, Func<ReceivedMail, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            var found = (await MessagesAsync()).LastOrDefault(m =>
                m.To.Contains(to, StringComparer.OrdinalIgnoreCase) && (match is null || match(m)));
            if (found is not null)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No mail to {to} arrived. Received: {string.Join("; ", (await MessagesAsync()).Select(m => $"{string.Join(",", m.To)}: {m.Subject}"))}");
    }

    /// <summary>The six-digit code in a confirmation mail.</summary>
    public static string CodeIn(ReceivedMail mail) => SixDigits().Match(mail.Text).Value;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
