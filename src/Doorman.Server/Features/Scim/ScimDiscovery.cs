using System.Text.Json.Nodes;

namespace Doorman.Server.Features.Scim;

/// <summary>What the service supports, truthfully: users, groups (no nesting), PATCH, filters; no bulk, sorting, ETags or passwords.</summary>
public static class ScimDiscovery
{
    private const string ConfigSchema = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private const string ResourceTypeSchema = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private const string SchemaSchema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    public static JsonObject ServiceProviderConfig(string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(ConfigSchema),
        ["documentationUri"] = "https://github.com/doorman-sso/doorman/blob/main/docs/admin/scim.md",
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = ScimUsers.MaxCount },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = false },
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "SCIM token",
            ["description"] = "A bearer token created by a tenant admin (POST /api/tenants/{tenant}/scim-tokens).",
            ["primary"] = true,
        }),
        ["meta"] = new JsonObject { ["resourceType"] = "ServiceProviderConfig", ["location"] = $"{baseUrl}/ServiceProviderConfig" },
    };

    public static JsonObject ResourceTypes(string baseUrl) => List(new JsonObject
    {
        ["schemas"] = new JsonArray(ResourceTypeSchema),
        ["id"] = "User",
        ["name"] = "User",
        ["endpoint"] = "/Users",
        ["schema"] = ScimAttributes.UserSchema,
        ["schemaExtensions"] = new JsonArray(new JsonObject { ["schema"] = ScimAttributes.EnterpriseSchema, ["required"] = false }),
        ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = $"{baseUrl}/ResourceTypes/User" },
    }, new JsonObject
    {
        ["schemas"] = new JsonArray(ResourceTypeSchema),
        ["id"] = "Group",
        ["name"] = "Group",
        ["endpoint"] = "/Groups",
        ["description"] = "Members are users; their roles follow the linked provider's group-to-role mappings.",
        ["schema"] = ScimAttributes.GroupSchema,
        ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = $"{baseUrl}/ResourceTypes/Group" },
    });

    public static JsonObject Schemas(string baseUrl) => List(
        Schema(ScimAttributes.UserSchema, "User", baseUrl,
            Attribute("userName", required: true, uniqueness: "server"),
            Attribute("externalId", caseExact: true),
            Complex("name", Attribute("formatted"), Attribute("givenName"), Attribute("familyName"), Attribute("middleName")),
            Attribute("displayName"),
            Attribute("title"),
            Attribute("active", type: "boolean"),
            MultiValued("emails", Attribute("value"), Attribute("type"), Attribute("primary", type: "boolean")),
            ReadOnly(MultiValued("groups", Attribute("value"), Attribute("display"), Attribute("type"), Attribute("$ref", type: "reference")))),
        Schema(ScimAttributes.GroupSchema, "Group", baseUrl,
            Attribute("displayName", required: true, uniqueness: "server"),
            Attribute("externalId", caseExact: true),
            MultiValued("members", Attribute("value"), ReadOnly(Attribute("display")), Attribute("type"), Attribute("$ref", type: "reference"))),
        Schema(ScimAttributes.EnterpriseSchema, "EnterpriseUser", baseUrl,
            Attribute("employeeNumber"), Attribute("costCenter"), Attribute("organization"), Attribute("division"), Attribute("department"),
            Complex("manager", Attribute("value"), Attribute("displayName"))));

    private static JsonObject List(params JsonObject[] resources) => ScimResults.List(resources.Length, 1, resources);

    private static JsonObject Schema(string id, string name, string baseUrl, params JsonObject[] attributes) => new()
    {
        ["schemas"] = new JsonArray(SchemaSchema),
        ["id"] = id,
        ["name"] = name,
        ["attributes"] = new JsonArray([.. attributes]),
        ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = $"{baseUrl}/Schemas/{id}" },
    };

    private static JsonObject Attribute(string name, string type = "string", bool required = false, bool caseExact = false, string uniqueness = "none") => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["multiValued"] = false,
        ["required"] = required,
        ["caseExact"] = caseExact,
        ["mutability"] = "readWrite",
        ["returned"] = "default",
        ["uniqueness"] = uniqueness,
    };

    private static JsonObject ReadOnly(JsonObject attribute)
    {
        attribute["mutability"] = "readOnly";
        return attribute;
    }

    private static JsonObject Complex(string name, params JsonObject[] subAttributes)
    {
        var attribute = Attribute(name, type: "complex");
        attribute["subAttributes"] = new JsonArray([.. subAttributes]);
        return attribute;
    }

    private static JsonObject MultiValued(string name, params JsonObject[] subAttributes)
    {
        var attribute = Complex(name, subAttributes);
        attribute["multiValued"] = true;
        return attribute;
    }
}
