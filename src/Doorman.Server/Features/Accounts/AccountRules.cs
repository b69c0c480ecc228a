using System.Net.Mail;
using Doorman.Data;
using Doorman.Data.Entities;

namespace Doorman.Server.Features.Accounts;

/// <summary>What makes account input valid. Field names in errors are the JSON names.</summary>
public static class AccountRules
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 256;

    public static bool IsValidEmail(string? email) =>
        email is { Length: > 0 and <= 320 } &&
        MailAddress.TryCreate(email.Trim(), out var parsed) &&
        string.Equals(parsed.Address, email.Trim(), StringComparison.Ordinal) &&
        EmailAddress.DomainOf(email) is { } domain && domain.Contains('.', StringComparison.Ordinal);

    public static void ValidateName(string? name, Dictionary<string, string[]> errors)
    {
        if (name is { Length: > 200 })
        {
            errors["name"] = ["name is at most 200 characters."];
        }
    }

    public static void ValidateRoles(List<string>? roles, Tenant tenant, Dictionary<string, string[]> errors)
    {
        var unknown = roles?.Where(r => r is null || !tenant.IsKnownRole(r)).ToList() ?? [];
        if (unknown.Count > 0)
        {
            errors["roles"] = [$"Unknown role(s): {string.Join(", ", unknown.Select(r => $"'{r}'"))}. " +
                               $"Known roles: {string.Join(", ", Tenant.BuiltInRoles.Concat(tenant.CustomRoles))}."];
        }
    }

    public static void ValidatePassword(string? password, Dictionary<string, string[]> errors)
    {
        if (password is not null && (password.Length < MinPasswordLength || password.Length > MaxPasswordLength))
        {
            errors["password"] = [$"password must be {MinPasswordLength} to {MaxPasswordLength} characters."];
        }
    }
}
