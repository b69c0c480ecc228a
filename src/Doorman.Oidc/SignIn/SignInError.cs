namespace Doorman.Oidc.SignIn;

/// <summary>
/// An expected way for a sign-in to fail: a stable code (shown to people, written to the audit log), the
/// HTTP status of the error page, and a reason for the audit log and operators' logs. The reason never
/// holds tokens, codes or secrets.
/// </summary>
public sealed record SignInError(string Code, int Status, string Reason)
{
    public static SignInError StateInvalid(string reason) => new(SignInErrorCodes.StateInvalid, 400, reason);
    public static SignInError IdpError(string reason) => new(SignInErrorCodes.IdpError, 400, reason);
    public static SignInError AccessDenied(string reason) => new(SignInErrorCodes.AccessDenied, 403, reason);
    public static SignInError IssuerMismatch(string reason) => new(SignInErrorCodes.IssuerMismatch, 400, reason);
    public static SignInError CodeRejected(string reason) => new(SignInErrorCodes.CodeRejected, 400, reason);
    public static SignInError ConfigurationError(string reason) => new(SignInErrorCodes.ConfigurationError, 400, reason);
    public static SignInError ProviderUnreachable(string reason) => new(SignInErrorCodes.ProviderUnreachable, 400, reason);
    public static SignInError TokenInvalid(string reason) => new(SignInErrorCodes.TokenInvalid, 401, reason);
    public static SignInError UserInfoInvalid(string reason) => new(SignInErrorCodes.UserInfoInvalid, 401, reason);
    public static SignInError EmailUnverified(string reason) => new(SignInErrorCodes.EmailUnverified, 403, reason);
}

/// <summary>The codes of the engine's errors; the host adds its own (accounts, seats, sessions).</summary>
public static class SignInErrorCodes
{
    public const string StateInvalid = "sso.state_invalid";
    public const string IdpError = "sso.idp_error";
    public const string AccessDenied = "sso.access_denied";
    public const string IssuerMismatch = "sso.issuer_mismatch";
    public const string CodeRejected = "sso.code_rejected";
    public const string ConfigurationError = "sso.configuration_error";
    public const string ProviderUnreachable = "sso.provider_unreachable";
    public const string TokenInvalid = "sso.token_invalid";
    public const string UserInfoInvalid = "sso.userinfo_invalid";
    public const string EmailUnverified = "sso.email_unverified";
}
