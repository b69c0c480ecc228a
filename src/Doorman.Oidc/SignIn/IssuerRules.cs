using System.Diagnostics.CodeAnalysis;

namespace Doorman.Oidc.SignIn;

/// <summary>
/// Issuers compare exactly (they are case-sensitive URLs). Multi-tenant Entra publishes a templated issuer,
/// <c>https://login.microsoftonline.com/{tenantid}/v2.0</c>; a token matches it only with its own <c>tid</c>
/// filled in, and the <c>tid</c> must belong to the class of directories the connection accepts.
/// </summary>
public static class IssuerRules
{
    public const string TenantPlaceholder = "{tenantid}";

    /// <summary>Entra's fixed directory for personal Microsoft accounts.</summary>
    public const string EntraConsumersTenantId = "9188040d-6c67-4c5b-b112-36a304b66dad";

    public static bool Matches(string expected, string actual, ProviderSettings provider, string? tenantId = null)
    {
        if (!expected.Contains(TenantPlaceholder, StringComparison.Ordinal))
        {
            return string.Equals(expected, actual, StringComparison.Ordinal);
        }
        // Without a token (RFC 9207 iss), any directory id of the accepted class fills the template.
        tenantId ??= TenantOf(expected, actual);
        return tenantId is not null && AcceptsTenant(provider, tenantId) &&
               string.Equals(expected.Replace(TenantPlaceholder, tenantId, StringComparison.Ordinal), actual, StringComparison.Ordinal);
    }

    /// <summary>Entra tenant pinning: the token's <c>tid</c> must be the configured directory, or of the configured class.</summary>
    public static bool AcceptsTenant(ProviderSettings provider, [NotNullWhen(true)] string? tenantId)
    {
        if (!Guid.TryParse(tenantId, out var tid))
        {
            return false;
        }
        return provider.EntraTenant switch
        {
            null => true,
            "common" => true,
            "organizations" => tid != Guid.Parse(EntraConsumersTenantId),
            "consumers" => tid == Guid.Parse(EntraConsumersTenantId),
            var pinned => Guid.TryParse(pinned, out var pin) && pin == tid,
        };
    }

    private static string? TenantOf(string template, string actual)
    {
        var at = template.IndexOf(TenantPlaceholder, StringComparison.Ordinal);
        var suffix = template[(at + TenantPlaceholder.Length)..];
        if (at < 0 || actual.Length <= at + suffix.Length ||
            !actual.StartsWith(template[..at], StringComparison.Ordinal) || !actual.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }
        return actual[at..^suffix.Length];
    }
}
