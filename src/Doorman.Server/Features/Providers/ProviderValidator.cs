using System.Text.RegularExpressions;
using Doorman.Data.Entities;

namespace Doorman.Server.Features.Providers;

/// <summary>A provider input that passed every rule, with the type's defaults filled in.</summary>
public sealed record ValidProvider(
    string DisplayName,
    string Scheme,
    ProviderType Type,
    string? Issuer,
    string? DiscoveryUrl,
    string? EntraTenantId,
    string? OktaDomain,
    string ClientId,
    string? ClientSecret,
    DateOnly? ClientSecretExpiresAt,
    string TokenEndpointAuthMethod,
    string ResponseMode,
    string Scopes,
    ClaimMapping Claims,
    bool RequireVerifiedEmail,
    bool LinkByEmail,
    ProvisioningMode Provisioning,
    string DefaultRole,
    List<GroupRoleMapping> GroupRoleMappings,
    List<string> Domains,
    bool AllowInsecureHttp,
    bool RequireMfa,
    string? RedirectUri,
    EndpointOverrides Endpoints,
    string? IconUrl,
    bool Enabled,
    ProviderStatus Status);

/// <summary>
/// Checks a provider input field by field. Errors are keyed by the JSON path of the field at fault and
/// say what a valid value looks like.
/// </summary>
public static partial class ProviderValidator
{
    public const string ClientSecretPost = "client_secret_post";
    public const string ClientSecretBasic = "client_secret_basic";

    // Routing one of these to a tenant's provider would capture sign-ins of everyone who uses it.
    private static readonly HashSet<string> PublicEmailDomains = new(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
        "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "mail.com",
        "yandex.ru", "qq.com", "163.com",
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex SchemePattern();

    [GeneratedRegex(@"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")]
    private static partial Regex DomainPattern();

    // RFC 6749 §3.3 scope-token.
    [GeneratedRegex(@"^[\x21\x23-\x5B\x5D-\x7E]+$")]
    private static partial Regex ScopeTokenPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_:./#-]{1,200}$")]
    private static partial Regex ClaimNamePattern();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex GuidPattern();

    public static ValidProvider? Validate(ProviderInput input, Tenant tenant, out Dictionary<string, string[]> errors)
    {
        var e = new Dictionary<string, string[]>();
        errors = e;

        var displayName = input.DisplayName?.Trim();
        if (string.IsNullOrEmpty(displayName) || displayName.Length > 100)
        {
            e["displayName"] = ["displayName is required and at most 100 characters; it is the label of the sign-in button."];
        }
        if (input.Scheme is null || !SchemePattern().IsMatch(input.Scheme))
        {
            e["scheme"] = ["scheme must start with a letter and hold only letters, digits, '_' or '-', at most 64 characters."];
        }
        if (!ProviderTypes.TryParse(input.Type, out var type))
        {
            e["type"] = [$"type must be one of: {string.Join(", ", Enum.GetValues<ProviderType>().Select(ProviderTypes.Name))}."];
        }
        var clientId = input.ClientId?.Trim();
        if (string.IsNullOrEmpty(clientId) || clientId.Length > 255 || clientId.Any(char.IsControl))
        {
            e["clientId"] = ["clientId is required: the application (client) id issued by the identity provider, at most 255 characters."];
        }
        if (input.ClientSecret is { } secret && (secret.Length is 0 or > 1024 || secret.Any(char.IsControl)))
        {
            e["clientSecret"] = ["clientSecret must be 1 to 1024 characters without control characters; leave it out to keep the stored one."];
        }

        var allowHttp = input.AllowInsecureHttp ?? false;
        var issuer = Url("issuer", input.Issuer, allowHttp, e);
        var discoveryUrl = Url("discoveryUrl", input.DiscoveryUrl, allowHttp, e);
        var entraTenantId = input.EntraTenantId?.Trim().ToLowerInvariant();
        var oktaDomain = input.OktaDomain?.Trim().ToLowerInvariant();
        if (!e.ContainsKey("type"))
        {
            issuer = ValidateLocator(type, issuer, discoveryUrl, ref entraTenantId, ref oktaDomain, e);
        }

        var authMethod = input.TokenEndpointAuthMethod ?? ClientSecretPost;
        if (authMethod is not (ClientSecretPost or ClientSecretBasic))
        {
            e["tokenEndpointAuthMethod"] = [$"tokenEndpointAuthMethod must be '{ClientSecretPost}' or '{ClientSecretBasic}'."];
        }
        var responseMode = input.ResponseMode ?? ResponseModes.Query;
        if (responseMode is not (ResponseModes.Query or ResponseModes.FormPost))
        {
            e["responseMode"] = [$"responseMode must be '{ResponseModes.Query}' or '{ResponseModes.FormPost}'."];
        }
        var scopes = Scopes(input.Scopes, e);
        var claims = Claims(input.Claims, type, e);
        var provisioning = input.Provisioning switch
        {
            null or "manual" => ProvisioningMode.Manual,
            "jit" => ProvisioningMode.Jit,
            _ => Error(e, "provisioning", "provisioning must be 'jit' (create accounts on first sign-in) or 'manual'.", ProvisioningMode.Manual),
        };
        var defaultRole = input.DefaultRole ?? "member";
        if (!tenant.IsKnownRole(defaultRole))
        {
            e["defaultRole"] = [UnknownRole(defaultRole, tenant)];
        }
        var mappings = GroupRoleMappings(input.GroupRoleMappings, tenant, e);
        var domains = Domains(input.Domains, e);
        var endpoints = new EndpointOverrides
        {
            Authorization = Url("endpoints.authorization", input.Endpoints?.Authorization, allowHttp, e),
            Token = Url("endpoints.token", input.Endpoints?.Token, allowHttp, e),
            Userinfo = Url("endpoints.userinfo", input.Endpoints?.Userinfo, allowHttp, e),
            Jwks = Url("endpoints.jwks", input.Endpoints?.Jwks, allowHttp, e),
            EndSession = Url("endpoints.endSession", input.Endpoints?.EndSession, allowHttp, e),
        };
        var redirectUri = Url("redirectUri", input.RedirectUri, allowHttp, e);
        if (redirectUri is not null && input.Scheme is not null &&
            !new Uri(redirectUri).AbsolutePath.EndsWith(PublicUrls.CallbackPath(input.Scheme), StringComparison.Ordinal))
        {
            e["redirectUri"] = [$"redirectUri must end with '{PublicUrls.CallbackPath(input.Scheme)}' so that the provider sends people back to this connection."];
        }
        var iconUrl = Url("iconUrl", input.IconUrl, allowHttp, e);
        var status = input.Status switch
        {
            null or "active" => ProviderStatus.Active,
            "draft" => ProviderStatus.Draft,
            _ => Error(e, "status", "status must be 'draft' (invisible, test only) or 'active'.", ProviderStatus.Active),
        };

        if (e.Count > 0)
        {
            return null;
        }
        return new ValidProvider(
            displayName!, input.Scheme!, type, issuer, discoveryUrl, entraTenantId, oktaDomain, clientId!,
            input.ClientSecret, input.ClientSecretExpiresAt, authMethod, responseMode, scopes, claims,
            input.RequireVerifiedEmail ?? ProviderTypes.DefaultRequireVerifiedEmail(type), input.LinkByEmail ?? true,
            provisioning, defaultRole, mappings, domains, allowHttp, input.RequireMfa ?? false, redirectUri, endpoints, iconUrl,
            input.Enabled ?? true, status);
    }

    /// <summary>Each type needs its own locator; the issuer is derived where the type allows.</summary>
    private static string? ValidateLocator(
        ProviderType type, string? issuer, string? discoveryUrl, ref string? entraTenantId, ref string? oktaDomain,
        Dictionary<string, string[]> e)
    {
        switch (type)
        {
            case ProviderType.Entra:
                if (entraTenantId is null ||
                    (!GuidPattern().IsMatch(entraTenantId) && !ProviderTypes.EntraMultiTenantKeywords.Contains(entraTenantId)))
                {
                    e["entraTenantId"] = ["entraTenantId is required for Entra ID: the directory (tenant) id, a GUID such as " +
                                          "'72f988bf-86f1-41af-91ab-2d7cd011db47', or 'common', 'organizations' or 'consumers'."];
                    return null;
                }
                oktaDomain = null;
                return Derived(type, issuer, discoveryUrl, entraTenantId, null, e);
            case ProviderType.Google:
                entraTenantId = null;
                oktaDomain = null;
                return Derived(type, issuer, discoveryUrl, null, null, e);
            case ProviderType.Okta:
                if (oktaDomain is null || !DomainPattern().IsMatch(oktaDomain))
                {
                    e["oktaDomain"] = ["oktaDomain is required for Okta: your organization's domain, such as 'acme.okta.com'."];
                    return null;
                }
                entraTenantId = null;
                // An explicit issuer selects a custom authorization server, e.g. https://acme.okta.com/oauth2/default.
                return issuer ?? ProviderTypes.DerivedIssuer(type, null, oktaDomain);
            default:
                if (issuer is null && discoveryUrl is null && !e.ContainsKey("issuer") && !e.ContainsKey("discoveryUrl"))
                {
                    e["issuer"] = [$"issuer (or discoveryUrl) is required for type '{ProviderTypes.Name(type)}'."];
                }
                entraTenantId = null;
                oktaDomain = null;
                return issuer;
        }
    }

    private static string? Derived(
        ProviderType type, string? issuer, string? discoveryUrl, string? entraTenantId, string? oktaDomain,
        Dictionary<string, string[]> e)
    {
        var derived = ProviderTypes.DerivedIssuer(type, entraTenantId, oktaDomain);
        if (issuer is not null && issuer != derived)
        {
            e["issuer"] = [$"issuer is derived for type '{ProviderTypes.Name(type)}' ('{derived}'); leave it out."];
        }
        if (discoveryUrl is not null)
        {
            e["discoveryUrl"] = [$"discoveryUrl is derived for type '{ProviderTypes.Name(type)}'; leave it out."];
        }
        return derived;
    }

    private static string? Url(string field, string? value, bool allowHttp, Dictionary<string, string[]> e)
    {
        if (value is null)
        {
            return null;
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") ||
            uri.UserInfo.Length > 0 || uri.Fragment.Length > 0 || uri.Host.Length == 0)
        {
            e[field] = [$"{field} must be an absolute https:// URL without credentials or fragment."];
            return null;
        }
        if (uri.Scheme == "http" && !allowHttp)
        {
            e[field] = [$"{field} uses plain http://, which is refused. Use https://, or turn on allowInsecureHttp " +
                        "only for a test provider on an isolated network."];
            return null;
        }
        return value.Trim();
    }

    private static string Scopes(string? value, Dictionary<string, string[]> e)
    {
        var tokens = (value ?? "openid profile email").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (!tokens.Contains("openid", StringComparer.Ordinal))
        {
            e["scopes"] = ["scopes must include 'openid'."];
        }
        else if (tokens.FirstOrDefault(t => !ScopeTokenPattern().IsMatch(t)) is { } bad)
        {
            e["scopes"] = [$"'{bad}' is not a valid scope; scopes are separated by single spaces."];
        }
        return string.Join(' ', tokens);
    }

    private static ClaimMapping Claims(ClaimsDto? input, ProviderType type, Dictionary<string, string[]> e)
    {
        var claims = new ClaimMapping
        {
            Subject = Claim("subject", input?.Subject) ?? ProviderTypes.DefaultSubjectClaim(type),
            Username = Claim("username", input?.Username) ?? "preferred_username",
            Email = Claim("email", input?.Email) ?? "email",
            Name = Claim("name", input?.Name) ?? "name",
            GivenName = Claim("givenName", input?.GivenName) ?? "given_name",
            FamilyName = Claim("familyName", input?.FamilyName) ?? "family_name",
            Groups = Claim("groups", input?.Groups) ?? ProviderTypes.DefaultGroupsClaim(type),
        };
        return claims;

        string? Claim(string field, string? name)
        {
            if (name is not null && !ClaimNamePattern().IsMatch(name))
            {
                e[$"claims.{field}"] = [$"claims.{field} must be a claim name such as 'email' (letters, digits, _ : . / # -)."];
                return null;
            }
            return name;
        }
    }

    private static List<GroupRoleMapping> GroupRoleMappings(
        List<GroupRoleMappingDto>? input, Tenant tenant, Dictionary<string, string[]> e)
    {
        var mappings = new List<GroupRoleMapping>();
        for (var i = 0; i < (input?.Count ?? 0); i++)
        {
            var mapping = input![i];
            if (mapping is null || string.IsNullOrWhiteSpace(mapping.Group) || mapping.Group.Length > 256)
            {
                e[$"groupRoleMappings[{i}].group"] = ["group is required: the group name or id as the provider sends it, at most 256 characters."];
                continue;
            }
            if (mapping.Role is null || !tenant.IsKnownRole(mapping.Role))
            {
                e[$"groupRoleMappings[{i}].role"] = [UnknownRole(mapping.Role, tenant)];
                continue;
            }
            if (!mappings.Any(m => m.Group == mapping.Group && m.Role == mapping.Role))
            {
                mappings.Add(new GroupRoleMapping { Group = mapping.Group, Role = mapping.Role });
            }
        }
        return mappings;
    }

    private static List<string> Domains(List<string>? input, Dictionary<string, string[]> e)
    {
        var domains = new List<string>();
        for (var i = 0; i < (input?.Count ?? 0); i++)
        {
            var domain = input![i]?.Trim().TrimStart('@').ToLowerInvariant();
            if (domain is null || !DomainPattern().IsMatch(domain))
            {
                e[$"domains[{i}]"] = [$"'{input[i]}' is not a valid domain name such as 'example.com'."];
            }
            else if (PublicEmailDomains.Contains(domain))
            {
                e[$"domains[{i}]"] = [$"'{domain}' is a public email domain; routing it to one organization's provider is refused."];
            }
            else if (!domains.Contains(domain, StringComparer.Ordinal))
            {
                domains.Add(domain);
            }
        }
        return domains;
    }

    private static string UnknownRole(string? role, Tenant tenant) =>
        $"'{role}' is not a role of this tenant. Known roles: {string.Join(", ", Tenant.BuiltInRoles.Concat(tenant.CustomRoles))}.";

    private static T Error<T>(Dictionary<string, string[]> e, string field, string message, T fallback)
    {
        e[field] = [message];
        return fallback;
    }
}
