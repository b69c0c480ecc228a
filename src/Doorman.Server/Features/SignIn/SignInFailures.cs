using Doorman.Oidc.SignIn;

namespace Doorman.Server.Features.SignIn;

/// <summary>The host's own sign-in errors: who may get in, sessions, password sign-in.</summary>
public static class SignInFailures
{
    public static SignInError ProviderNotFound(string reason) => new("sso.provider_not_found", 400, reason);
    public static SignInError ProviderDisabled(string reason) => new("sso.provider_disabled", 403, reason);
    public static SignInError AccountNotFound(string reason) => new("sso.account_not_found", 403, reason);
    public static SignInError AccountDisabled(string reason) => new("sso.account_disabled", 403, reason);
    public static SignInError AccountLinkRefused(string reason) => new("sso.account_link_refused", 403, reason);
    public static SignInError EmailMissing(string reason) => new("sso.email_missing", 403, reason);
    public static SignInError IdentityInUse(string reason) => new("sso.identity_in_use", 403, reason);
    public static SignInError SeatsFull(string reason) => new("sso.seats_full", 403, reason);
    public const string PasswordInvalidCode = "login.password_invalid";

    public static SignInError PasswordInvalid(string reason) => new(PasswordInvalidCode, 401, reason);
    public static SignInError TenantNotFound(string reason) => new("login.tenant_not_found", 400, reason);
}
