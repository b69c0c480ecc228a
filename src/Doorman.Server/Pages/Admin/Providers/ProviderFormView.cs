namespace Doorman.Server.Pages.Admin.Providers;

/// <param name="EnabledByButton">
/// An existing provider is enabled and disabled only with the Enable/Disable button, which asks for a mailed code;
/// its form shows the state instead of a checkbox.
/// </param>
public sealed record ProviderFormView(ProviderForm Form, IReadOnlyList<string> Roles, bool HasSecret, bool EnabledByButton = false)
{
    private static readonly string[] AdvancedFields =
    [
        "tokenEndpointAuthMethod", "responseMode", "scopes", "claims", "requireVerifiedEmail", "linkByEmail",
        "allowInsecureHttp", "endpoints", "redirectUri", "iconUrl",
    ];

    /// <summary>Errors in the Advanced part open it, so no error is hidden.</summary>
    public bool IsAdvanced(string field) =>
        AdvancedFields.Any(a => field == a || field.StartsWith(a + ".", StringComparison.Ordinal)) ||
        // Entra, Google and Okta derive the issuer, so for them it is an advanced override.
        (field == "issuer" && Form.Type is "entra" or "okta" or "google");
}
