using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Doorman.Server.Hosting;

/// <summary>The <c>Doorman</c> configuration section. Bound and validated at start-up.</summary>
public sealed class DoormanOptions : IValidatableObject
{
    public const string Section = "Doorman";

    /// <summary>Folder for the SQLite file and the development mail outbox.</summary>
    public string DataDir { get; set; } = "./data";

    public DatabaseOptions Database { get; set; } = new();

    public BootstrapOptions Bootstrap { get; set; } = new();

    /// <summary>External origin (scheme, host, port) used to build redirect URIs; derived from the request when unset.</summary>
    public string? PublicOrigin { get; set; }

    /// <summary>Addresses or CIDR ranges of proxies whose <c>X-Forwarded-Proto</c>/<c>X-Forwarded-Host</c> are honored.</summary>
    public string[] TrustedProxies { get; set; } = [];

    public DataProtectionOptions DataProtection { get; set; } = new();

    public SessionLifetimeOptions Session { get; set; } = new();

    public ReminderOptions Reminders { get; set; } = new();

    /// <summary>
    /// <see cref="DataDir"/> as a full path. Relative paths start at the working directory, where the
    /// operator ran the command, not at the project folder that <c>dotnet run --project</c> uses as content root.
    /// </summary>
    public string DataDirectory() => Path.GetFullPath(DataDir);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Database.Provider is not (DatabaseOptions.Sqlite or DatabaseOptions.Postgres))
        {
            yield return new($"Doorman:Database:Provider must be 'sqlite' or 'postgres', not '{Database.Provider}'.");
        }
        if (PublicOrigin is not null &&
            (!Uri.TryCreate(PublicOrigin, UriKind.Absolute, out var origin) ||
             origin.Scheme is not ("http" or "https") || origin.AbsolutePath != "/" || origin.Query.Length > 0))
        {
            yield return new($"Doorman:PublicOrigin must be an origin such as https://sso.example.com, not '{PublicOrigin}'.");
        }
        foreach (var proxy in TrustedProxies)
        {
            if (!IPAddress.TryParse(proxy, out _) && !IPNetwork.TryParse(proxy, out _))
            {
                yield return new($"Doorman:TrustedProxies holds '{proxy}', which is neither an IP address nor a CIDR range.");
            }
        }
        if (Session.Lifetime <= TimeSpan.Zero || Session.Lifetime > TimeSpan.FromDays(30))
        {
            yield return new($"Doorman:Session:Lifetime must be between 00:00:01 and 30.00:00:00, not '{Session.Lifetime}'.");
        }
        if (Reminders.Interval < TimeSpan.FromSeconds(1) || Reminders.Interval > TimeSpan.FromDays(1))
        {
            yield return new($"Doorman:Reminders:Interval must be between 00:00:01 and 1.00:00:00, not '{Reminders.Interval}'.");
        }
        if (Bootstrap.ApiKey is { Length: < 32 })
        {
            yield return new("Doorman:Bootstrap:ApiKey must be at least 32 characters long.");
        }
    }
}

public sealed class DatabaseOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public string Provider { get; set; } = Sqlite;
}

public sealed class BootstrapOptions
{
    /// <summary>An operator API key reaching every tenant, created or updated at start.</summary>
    public string? ApiKey { get; set; }
}

public sealed class DataProtectionOptions
{
    /// <summary>A PFX certificate that encrypts the key ring at rest; without one the keys are stored unencrypted.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }
}

public sealed class SessionLifetimeOptions
{
    /// <summary>How long a sign-in lasts before the person must sign in again (absolute, not sliding).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}

public sealed class ReminderOptions
{
    /// <summary>How often the node holding the reminders lease looks for expiring client secrets.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
