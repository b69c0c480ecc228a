namespace Doorman.Server.Features.Scim;

/// <summary>The User and Group schemas' attribute names as Doorman knows them, and the schema URNs.</summary>
public static class ScimAttributes
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string PatchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    /// <summary>Top-level attributes of a user that Doorman keeps (besides id and meta, which it owns).</summary>
    public static readonly string[] User =
    [
        "userName", "externalId", "name", "displayName", "nickName", "title", "userType", "preferredLanguage", "locale",
        "timezone", "active", "emails", "phoneNumbers", "addresses", EnterpriseSchema,
    ];

    /// <summary>The enterprise extension's attributes (department and manager feed roles).</summary>
    public static readonly string[] Enterprise = ["employeeNumber", "costCenter", "organization", "division", "department", "manager"];

    /// <summary>
    /// An attribute path with its schema prefix removed and its names in their schema spelling (names are
    /// case-insensitive): <c>USERNAME</c> → <c>userName</c>, <c>urn:…:core:2.0:User:name.givenName</c> → <c>name.givenName</c>.
    /// </summary>
    public static string Canonical(string path)
    {
        if (path.StartsWith(EnterpriseSchema + ":", StringComparison.OrdinalIgnoreCase))
        {
            return EnterpriseSchema + ":" + Spell(path[(EnterpriseSchema.Length + 1)..], Enterprise);
        }
        foreach (var schema in (string[])[UserSchema, GroupSchema])
        {
            if (path.StartsWith(schema + ":", StringComparison.OrdinalIgnoreCase))
            {
                path = path[(schema.Length + 1)..];
            }
        }
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var head = Spell(dot < 0 ? path : path[..dot], [.. User, "id", "meta", "groups", "members"]);
        return dot < 0 ? head : head + "." + SubAttribute(path[(dot + 1)..]);
    }

    /// <summary>A sub-attribute name (<c>VALUE</c> → <c>value</c>).</summary>
    public static string SubAttribute(string name) => Spell(name, SubAttributes);

    private static readonly string[] SubAttributes =
        ["givenName", "familyName", "formatted", "middleName", "honorificPrefix", "honorificSuffix", "value", "type", "primary", "display"];

    private static string Spell(string name, string[] known) =>
        known.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;
}
