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
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public List<ExternalLogin> ExternalLogins { get; init; } = [];

    public void SetEmail(string email)
    {
        Email = email.Trim();
        NormalizedEmail = EmailAddress.Normalize(email);
    }
}
