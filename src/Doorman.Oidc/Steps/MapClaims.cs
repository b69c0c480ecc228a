using System.Net.Mail;
using System.Security.Claims;
using Doorman.Oidc.SignIn;

namespace Doorman.Oidc.Steps;

/// <summary>
/// Turns the verified claims into an <see cref="ExternalIdentity"/> through the connection's claim mapping,
/// and decides whether the provider vouches for the email (DESIGN rule 2).
/// </summary>
public sealed class MapClaims : ICallbackStep
{
    // Entra sends no email_verified; its email may be any string an admin typed. These fall back, in order,
    // when `email` is absent, and are trusted for linking only under the rules in Vouches.
    private static readonly string[] EntraEmailFallbacks = ["preferred_username", "upn"];

    public ValueTask<SignInError?> RunAsync(CallbackContext context, CancellationToken cancellationToken)
    {
        var provider = context.Provider;
        var names = provider.Claims;
        var idToken = context.IdToken!;

        // The subject comes from the verified ID token only: userinfo is not signed.
        var subject = idToken.TryGetClaim(names.Subject, out var subjectClaim) ? subjectClaim.Value : null;
        if (string.IsNullOrEmpty(subject))
        {
            return Fail(SignInError.TokenInvalid($"The ID token has no '{names.Subject}' claim, which this connection uses as the subject."));
        }

        var claims = idToken.Claims.Concat(context.UserInfo.Where(c => !idToken.TryGetClaim(c.Type, out _))).ToList();
        var email = First(claims, names.Email);
        if (email is null && provider.IsEntra)
        {
            email = EntraEmailFallbacks.Select(name => First(claims, name)).FirstOrDefault(LooksLikeEmail);
        }
        email = LooksLikeEmail(email) ? email!.Trim() : null;
        var emailVerified = IsTrue(First(claims, "email_verified"));

        if (provider.RequireVerifiedEmail && !emailVerified)
        {
            return Fail(SignInError.EmailUnverified("The identity provider does not confirm that the email address is verified."));
        }

        context.Identity = new ExternalIdentity
        {
            Subject = subject,
            Email = email,
            EmailVouched = email is not null && Vouches(provider, claims, email, emailVerified),
            Username = First(claims, names.Username),
            Name = First(claims, names.Name),
            GivenName = First(claims, names.GivenName),
            FamilyName = First(claims, names.FamilyName),
            Groups = names.Groups is null ? [] : [.. claims.Where(c => c.Type == names.Groups).Select(c => c.Value).Distinct(StringComparer.Ordinal)],
            IdToken = context.RawIdToken!,
        };
        return ValueTask.FromResult<SignInError?>(null);
    }

    private static bool Vouches(ProviderSettings provider, List<Claim> claims, string email, bool emailVerified)
    {
        if (provider.IsEntra)
        {
            // Entra: xms_edov says the email's domain is verified by the directory's owner; a domain routed to
            // this connection was proven by the tenant admin. Entra's email_verified, if any, is not trusted.
            return IsTrue(First(claims, "xms_edov")) || IsRouted(provider, email);
        }
        return emailVerified || IsRouted(provider, email);
    }

    private static bool IsRouted(ProviderSettings provider, string email)
    {
        var at = email.LastIndexOf('@');
        return at > 0 && provider.RoutedDomains.Contains(email[(at + 1)..].ToLowerInvariant());
    }

    private static string? First(List<Claim> claims, string? type) =>
        type is null ? null : claims.FirstOrDefault(c => c.Type == type && !string.IsNullOrWhiteSpace(c.Value))?.Value;

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeEmail(string? value) =>
        value is not null && value.Contains('@') && MailAddress.TryCreate(value.Trim(), out var parsed) &&
        string.Equals(parsed.Address, value.Trim(), StringComparison.OrdinalIgnoreCase);

    private static ValueTask<SignInError?> Fail(SignInError error) => ValueTask.FromResult<SignInError?>(error);
}
