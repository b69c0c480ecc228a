namespace Doorman.Data.Entities;

public enum AccountStatus
{
    Active,
    Disabled,
}

public sealed class Account : ITenantOwned
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }

    public string Email { get; private set; } = "";

    /// <summary>The email as compared: see <see cref="EmailAddress.Normalize"/>.</summary>
    public string NormalizedEmail { get; private set; } = "";

    public string? Name { get; set; }
    public List<string> Roles { get; set; } = [];
    public AccountStatus Status { get; set; }
    public string? PasswordHash { get; set; }

    /// <summary>The TOTP authenticator's secret, protected with Data Protection; null when none is enrolled.</summary>
    public string? ProtectedTotpSecret { get; set; }

    /// <summary>The last TOTP time step accepted: a code is good once.</summary>
    public long? TotpLastStep { get; set; }

    /// <summary>SHA-256 hashes of the unused recovery codes.</summary>
    public List<string> RecoveryCodes { get; set; } = [];

    /// <summary>Wrong passwords in a row; each try is counted before the compare.</summary>
    public int FailedPasswordAttempts { get; set; }

    /// <summary>Password sign-in to this account pauses until then, after too many wrong passwords in a row.</summary>
    public DateTime? PasswordLockedUntil { get; set; }

    /// <summary>Wrong authenticator or recovery codes in a row; a right password does not reset it.</summary>
    public int FailedMfaAttempts { get; set; }

    /// <summary>Codes are not checked until then, after too many wrong codes in a row.</summary>
    public DateTime? MfaLockedUntil { get; set; }

    /// <summary>Ask for a local authenticator code after every sign-in, SSO included.</summary>
    public bool RequireMfa { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>SCIM <c>userName</c> when provisioned through SCIM (often the UPN); compared as emails are, ignoring case.</summary>
    public string? ScimUserName { get; private set; }
    public string? NormalizedScimUserName { get; private set; }

    /// <summary>SCIM <c>externalId</c>: the provisioning client's id for the person (Entra objectId, Okta user id).</summary>
    public string? ScimExternalId { get; set; }

    /// <summary>The rest of the SCIM resource Doorman keeps (name parts, emails, title, enterprise extension), as JSON.</summary>
    public string? ScimAttributes { get; set; }

    /// <summary>
    /// Deleted through SCIM: hidden from SCIM (and disabled, unless the tenant keeps such accounts active), kept whole
    /// so that provisioning it again restores it.
    /// </summary>
    public DateTime? ScimDeprovisionedAt { get; set; }

    public void SetScimUserName(string? userName)
    {
        ScimUserName = userName?.Trim();
        NormalizedScimUserName = ScimUserName is null ? null : EmailAddress.Normalize(ScimUserName);
    }

    public List<ExternalLogin> ExternalLogins { get; init; } = [];

    public void SetEmail(string email)
    {
        Email = email.Trim();
        NormalizedEmail = EmailAddress.Normalize(email);
    }
}
