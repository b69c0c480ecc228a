using Doorman.Data.Entities;

namespace Doorman.Server.Features.Accounts;

public sealed record CreateAccountRequest(string? Email, string? Name, List<string>? Roles, string? Password);

public sealed record UpdateAccountRequest(string? Name, List<string>? Roles, string? Status, bool? RequireMfa = null);

public sealed record ExternalLoginResponse(Guid ProviderId, string Subject);

public sealed record AccountResponse(
    Guid Id,
    string Email,
    string? Name,
    List<string> Roles,
    string Status,
    bool HasPassword,
    List<ExternalLoginResponse> ExternalLogins,
    bool RequireMfa,
    bool MfaEnrolled)
{
    public static AccountResponse From(Account a) => new(
        a.Id, a.Email, a.Name, a.Roles, StatusName(a.Status), a.PasswordHash is not null,
        a.ExternalLogins.OrderBy(l => l.CreatedAt).Select(l => new ExternalLoginResponse(l.ProviderId, l.Subject)).ToList(),
        a.RequireMfa, a.ProtectedTotpSecret is not null);

    public static string StatusName(AccountStatus status) => status == AccountStatus.Active ? "active" : "disabled";
}
