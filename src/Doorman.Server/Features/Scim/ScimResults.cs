using System.Text.Json.Nodes;

namespace Doorman.Server.Features.Scim;

/// <summary>SCIM answers: <c>application/scim+json</c> bodies and RFC 7644 §3.12 errors (status as a string, scimType, detail).</summary>
public static class ScimResults
{
    public const string MediaType = "application/scim+json";
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public static IResult Json(JsonNode body, int status = StatusCodes.Status200OK, string? location = null) =>
        new ScimJsonResult(body, status, location);

    /// <summary>A ListResponse (RFC 7644 §3.4.2) of one page of resources.</summary>
    public static JsonObject List(int total, int startIndex, IEnumerable<JsonObject> resources)
    {
        var page = new JsonArray([.. resources]);
        return new JsonObject
        {
            ["schemas"] = new JsonArray(ListSchema),
            ["totalResults"] = total,
            ["startIndex"] = startIndex,
            ["itemsPerPage"] = page.Count,
            ["Resources"] = page,
        };
    }

    /// <summary>A resource's <c>meta</c>.</summary>
    public static JsonObject Meta(string resourceType, DateTime created, DateTime lastModified, string location) => new()
    {
        ["resourceType"] = resourceType,
        ["created"] = created.ToString("O"),
        ["lastModified"] = lastModified.ToString("O"),
        ["location"] = location,
    };

    public static IResult Error(int status, string? scimType, string detail)
    {
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray(ErrorSchema),
            ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["detail"] = detail,
        };
        if (scimType is not null)
        {
            body["scimType"] = scimType;
        }
        return new ScimJsonResult(body, status, null);
    }

    public static IResult NotFound(string what) => Error(StatusCodes.Status404NotFound, null, $"{what} not found.");

    private sealed class ScimJsonResult(JsonNode body, int status, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = MediaType;
            if (location is not null)
            {
                http.Response.Headers.Location = location;
            }
            await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
        }
    }
}

/// <summary>A request the SCIM service refuses, with its RFC 7644 error.</summary>
public sealed class ScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status => status;
    public string? ScimType => scimType;

    public static ScimException InvalidValue(string detail) => new(StatusCodes.Status400BadRequest, "invalidValue", detail);
    public static ScimException InvalidSyntax(string detail) => new(StatusCodes.Status400BadRequest, "invalidSyntax", detail);
    public static ScimException InvalidFilter(string detail) => new(StatusCodes.Status400BadRequest, "invalidFilter", detail);
    public static ScimException InvalidPath(string detail) => new(StatusCodes.Status400BadRequest, "invalidPath", detail);
    public static ScimException NoTarget(string detail) => new(StatusCodes.Status400BadRequest, "noTarget", detail);
    public static ScimException Mutability(string detail) => new(StatusCodes.Status400BadRequest, "mutability", detail);
    public static ScimException Uniqueness(string detail) => new(StatusCodes.Status409Conflict, "uniqueness", detail);
}
