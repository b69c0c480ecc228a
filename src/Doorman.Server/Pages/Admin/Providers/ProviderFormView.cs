namespace Doorman.Server.Pages.Admin.Providers;

public sealed record ProviderFormView(ProviderForm Form, IReadOnlyList<string> Roles, bool HasSecret)
{
    private static readonly string[] Basic =
    [
        "displayName", "scheme", "entraTenantId", "oktaDomain", "clientId", "clientSecret", "clientSecretExpiresAt",
        "provisioning", "defaultRole", "domains", "groupRoleMappings", "status", "type", "_form",
    ];

    /// <summary>Errors in the Advanced part open it, so no error is hidden.</summary>
    public bool IsAdvanced(string field) => !Basic.Any(b => field == b || field.StartsWith(b + "[", StringComparison.Ordinal)) &&
                                            !(field == "issuer" || field == "discoveryUrl") || (field == "issuer" && Form.Type is "entra" or "okta" or "google");
}
