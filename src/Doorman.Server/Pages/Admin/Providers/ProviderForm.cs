using Doorman.Server.Features.Providers;

namespace Doorman.Server.Pages.Admin.Providers;

/// <summary>
/// The provider form as typed: every field by its API path (<c>claims.email</c>, <c>endpoints.token</c>), so
/// the validator's errors land next to the field they name and a refused form comes back as it was typed.
/// </summary>
public sealed class ProviderForm
{
    public const int MappingRows = 3;

    private static readonly string[] ClaimNames = ["subject", "username", "email", "name", "givenName", "familyName", "groups"];
    private static readonly string[] EndpointNames = ["authorization", "token", "userinfo", "jwks", "endSession"];
    private static readonly string[] Flags = ["requireVerifiedEmail", "linkByEmail", "allowInsecureHttp", "requireMfa", "enabled"];

    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);
    public List<(string Group, string Role)> Mappings { get; } = [];
    public Dictionary<string, string[]> Errors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The stored secret stays unless the admin unlocks the field and types a new one.</summary>
    public bool ReplaceSecret { get; set; }

    /// <summary>Save without proving the connection first (the provider is down, or not registered yet).</summary>
    public bool SkipCheck { get; set; }

    public string Type => Values.GetValueOrDefault("type") ?? "oidc";

    public string? this[string name] => Values.GetValueOrDefault(name);

    public bool Flag(string name) => Values.GetValueOrDefault(name) == "true";

    public string? Error(string name) =>
        Errors.Where(e => e.Key == name || e.Key.StartsWith(name + "[", StringComparison.Ordinal) || e.Key.StartsWith(name + ".", StringComparison.Ordinal))
            .SelectMany(e => e.Value).ToList() is { Count: > 0 } messages ? string.Join(" ", messages) : null;

    /// <summary>A new connection of a type: the API's defaults, so the form shows what saving would store.</summary>
    public static ProviderForm ForNew(string type)
    {
        var form = new ProviderForm { ReplaceSecret = true };
        form.Values["type"] = type;
        form.Values["tokenEndpointAuthMethod"] = ProviderValidator.ClientSecretPost;
        form.Values["responseMode"] = "query";
        form.Values["scopes"] = "openid profile email";
        form.Values["provisioning"] = "manual";
        form.Values["defaultRole"] = "member";
        form.Values["status"] = "active";
        form.Values["linkByEmail"] = "true";
        form.Values["enabled"] = "true";
        if (ProviderTypes.TryParse(type, out var parsed))
        {
            form.Values["requireVerifiedEmail"] = ProviderTypes.DefaultRequireVerifiedEmail(parsed) ? "true" : "false";
            form.Values["claims.subject"] = ProviderTypes.DefaultSubjectClaim(parsed);
            form.Values["claims.groups"] = ProviderTypes.DefaultGroupsClaim(parsed);
        }
        return form;
    }

    public static ProviderForm From(ProviderResponse provider, string? redirectUriOverride)
    {
        var form = new ProviderForm();
        var v = form.Values;
        v["displayName"] = provider.DisplayName;
        v["scheme"] = provider.Scheme;
        v["type"] = provider.Type;
        v["issuer"] = provider.Issuer;
        v["discoveryUrl"] = provider.DiscoveryUrl;
        v["entraTenantId"] = provider.EntraTenantId;
        v["oktaDomain"] = provider.OktaDomain;
        v["clientId"] = provider.ClientId;
        v["clientSecretExpiresAt"] = provider.ClientSecretExpiresAt?.ToString("yyyy-MM-dd");
        v["tokenEndpointAuthMethod"] = provider.TokenEndpointAuthMethod;
        v["responseMode"] = provider.ResponseMode;
        v["scopes"] = provider.Scopes;
        v["claims.subject"] = provider.Claims.Subject;
        v["claims.username"] = provider.Claims.Username;
        v["claims.email"] = provider.Claims.Email;
        v["claims.name"] = provider.Claims.Name;
        v["claims.givenName"] = provider.Claims.GivenName;
        v["claims.familyName"] = provider.Claims.FamilyName;
        v["claims.groups"] = provider.Claims.Groups;
        v["requireVerifiedEmail"] = provider.RequireVerifiedEmail ? "true" : "false";
        v["linkByEmail"] = provider.LinkByEmail ? "true" : "false";
        v["provisioning"] = provider.Provisioning;
        v["defaultRole"] = provider.DefaultRole;
        v["domains"] = string.Join('\n', provider.Domains);
        v["allowInsecureHttp"] = provider.AllowInsecureHttp ? "true" : "false";
        v["requireMfa"] = provider.RequireMfa ? "true" : "false";
        v["redirectUri"] = redirectUriOverride;
        v["endpoints.authorization"] = provider.Endpoints.Authorization;
        v["endpoints.token"] = provider.Endpoints.Token;
        v["endpoints.userinfo"] = provider.Endpoints.Userinfo;
        v["endpoints.jwks"] = provider.Endpoints.Jwks;
        v["endpoints.endSession"] = provider.Endpoints.EndSession;
        v["iconUrl"] = provider.IconUrl;
        v["enabled"] = provider.Enabled ? "true" : "false";
        v["status"] = provider.Status;
        form.Mappings.AddRange(provider.GroupRoleMappings.Select(m => (m.Group ?? "", m.Role ?? "")));
        return form;
    }

    public static ProviderForm From(IFormCollection posted)
    {
        var form = new ProviderForm
        {
            ReplaceSecret = posted["replaceSecret"].Contains("true"),
            SkipCheck = posted["skipCheck"].Contains("true"),
        };
        foreach (var (key, value) in posted)
        {
            if (key.StartsWith("__", StringComparison.Ordinal) || key.StartsWith("groupRoleMappings", StringComparison.Ordinal))
            {
                continue;
            }
            // Checkboxes post "true" plus a hidden "false"; any "true" wins.
            form.Values[key] = Flags.Contains(key) ? (value.Contains("true") ? "true" : "false") : value.ToString();
        }
        for (var row = 0; posted.ContainsKey($"groupRoleMappings[{row}].group"); row++)
        {
            var group = posted[$"groupRoleMappings[{row}].group"].ToString().Trim();
            var role = posted[$"groupRoleMappings[{row}].role"].ToString().Trim();
            if (group.Length > 0 || role.Length > 0)
            {
                form.Mappings.Add((group, role));
            }
        }
        return form;
    }

    public ProviderInput ToInput() => new()
    {
        DisplayName = Text("displayName"),
        Scheme = Text("scheme"),
        Type = Text("type"),
        Issuer = Text("issuer"),
        DiscoveryUrl = Text("discoveryUrl"),
        EntraTenantId = Text("entraTenantId"),
        OktaDomain = Text("oktaDomain"),
        ClientId = Text("clientId"),
        ClientSecret = ReplaceSecret ? Text("clientSecret") : null,
        ClientSecretExpiresAt = DateOnly.TryParse(Text("clientSecretExpiresAt"), out var expires) ? expires : null,
        TokenEndpointAuthMethod = Text("tokenEndpointAuthMethod"),
        ResponseMode = Text("responseMode"),
        Scopes = Text("scopes"),
        Claims = new ClaimsDto(Text("claims.subject"), Text("claims.username"), Text("claims.email"), Text("claims.name"),
            Text("claims.givenName"), Text("claims.familyName"), Text("claims.groups")),
        RequireVerifiedEmail = Flag("requireVerifiedEmail"),
        LinkByEmail = Flag("linkByEmail"),
        Provisioning = Text("provisioning"),
        DefaultRole = Text("defaultRole"),
        GroupRoleMappings = [.. Mappings.Select(m => new GroupRoleMappingDto(m.Group, m.Role))],
        Domains = [.. (Text("domains") ?? "").Split(['\n', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        AllowInsecureHttp = Flag("allowInsecureHttp"),
        RequireMfa = Flag("requireMfa"),
        RedirectUri = Text("redirectUri"),
        Endpoints = new EndpointsDto(Text("endpoints.authorization"), Text("endpoints.token"), Text("endpoints.userinfo"),
            Text("endpoints.jwks"), Text("endpoints.endSession")),
        IconUrl = Text("iconUrl"),
        Enabled = Flag("enabled"),
        Status = Text("status"),
    };

    /// <summary>A date the browser's date field could not turn into one is a field error, not a silent null.</summary>
    public void CheckDates()
    {
        if (Text("clientSecretExpiresAt") is { } date && !DateOnly.TryParse(date, out _))
        {
            Errors["clientSecretExpiresAt"] = ["Enter the secret's expiry date as YYYY-MM-DD."];
        }
    }

    public static IReadOnlyList<string> Claims => ClaimNames;
    public static IReadOnlyList<string> EndpointFields => EndpointNames;

    private string? Text(string name) => string.IsNullOrWhiteSpace(Values.GetValueOrDefault(name)) ? null : Values[name]!.Trim();
}
