using System.Text.Json;
using System.Text.Json.Nodes;
using Doorman.Server.Features.Providers;

namespace Doorman.Server.Features.Scim;

/// <summary>The SCIM 2.0 service of each tenant at <c>/scim/v2/{tenant}</c>.</summary>
public static class ScimApi
{
    private const int MaxUserBytes = 64 * 1024;

    /// <summary>Groups are larger: a PUT or PATCH may list a thousand members or more.</summary>
    private const int MaxGroupBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapScim(this IEndpointRouteBuilder app)
    {
        var scim = app.MapGroup("/scim/v2/{tenant}").AddEndpointFilter<ScimAuthentication>().DisableAntiforgery();
        scim.MapGet("/Users", ListAsync);
        scim.MapGet("/Users/{id}", GetAsync);
        scim.MapPost("/Users", CreateAsync);
        scim.MapPut("/Users/{id}", ReplaceAsync);
        scim.MapPatch("/Users/{id}", PatchAsync);
        scim.MapDelete("/Users/{id}", DeleteAsync);
        scim.MapGet("/Groups", ListGroupsAsync);
        scim.MapGet("/Groups/{id}", GetGroupAsync);
        scim.MapPost("/Groups", CreateGroupAsync);
        scim.MapPut("/Groups/{id}", ReplaceGroupAsync);
        scim.MapPatch("/Groups/{id}", PatchGroupAsync);
        scim.MapDelete("/Groups/{id}", DeleteGroupAsync);
        scim.MapGet("/ServiceProviderConfig", (HttpContext http) => ScimResults.Json(ScimDiscovery.ServiceProviderConfig(BaseUrl(http))));
        scim.MapGet("/ResourceTypes", (HttpContext http) => ScimResults.Json(ScimDiscovery.ResourceTypes(BaseUrl(http))));
        scim.MapGet("/Schemas", (HttpContext http) => ScimResults.Json(ScimDiscovery.Schemas(BaseUrl(http))));
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, ScimUsers users, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var (startIndex, count) = Page(query);
        var list = await users.ListAsync(query["filter"], startIndex, count, BaseUrl(http), cancellationToken);
        foreach (var resource in list["Resources"]!.AsArray().OfType<JsonObject>())
        {
            ScimProjection.Apply(resource, query["attributes"], query["excludedAttributes"]);
        }
        return ScimResults.Json(list);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, ScimUsers users, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var accountId) || await users.FindAsync(accountId, cancellationToken) is not { } account)
        {
            return ScimResults.NotFound($"User {id}");
        }
        var resource = await users.ResourceAsync(account, BaseUrl(http), cancellationToken);
        ScimProjection.Apply(resource, http.Request.Query["attributes"], http.Request.Query["excludedAttributes"]);
        return ScimResults.Json(resource);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ScimUsers users, CancellationToken cancellationToken)
    {
        var (account, _) = await users.CreateAsync(await ReadAsync(http, MaxUserBytes), cancellationToken);
        var resource = ScimUsers.ToResource(account, [], BaseUrl(http));
        return ScimResults.Json(resource, StatusCodes.Status201Created, resource["meta"]!["location"]!.GetValue<string>());
    }

    private static async Task<IResult> ReplaceAsync(string id, HttpContext http, ScimUsers users, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(http, MaxUserBytes);
        if (!Guid.TryParse(id, out var accountId) || await users.FindAsync(accountId, cancellationToken) is not { } account)
        {
            return ScimResults.NotFound($"User {id}");
        }
        await users.ReplaceAsync(account, body, cancellationToken);
        return ScimResults.Json(await users.ResourceAsync(account, BaseUrl(http), cancellationToken));
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext http, ScimUsers users, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(http, MaxUserBytes);
        if (!Guid.TryParse(id, out var accountId) || await users.FindAsync(accountId, cancellationToken) is not { } account)
        {
            return ScimResults.NotFound($"User {id}");
        }
        await users.PatchAsync(account, body, BaseUrl(http), cancellationToken);
        return ScimResults.Json(await users.ResourceAsync(account, BaseUrl(http), cancellationToken));
    }

    private static async Task<IResult> DeleteAsync(string id, ScimUsers users, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var accountId) || await users.FindAsync(accountId, cancellationToken) is not { } account)
        {
            return ScimResults.NotFound($"User {id}");
        }
        await users.DeleteAsync(account, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> ListGroupsAsync(HttpContext http, ScimGroups groups, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var (startIndex, count) = Page(query);
        var list = await groups.ListAsync(query["filter"], startIndex, count, BaseUrl(http), WantsMembers(http), cancellationToken);
        foreach (var resource in list["Resources"]!.AsArray().OfType<JsonObject>())
        {
            ScimProjection.Apply(resource, query["attributes"], query["excludedAttributes"]);
        }
        return ScimResults.Json(list);
    }

    private static async Task<IResult> GetGroupAsync(string id, HttpContext http, ScimGroups groups, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var groupId) || await groups.FindAsync(groupId, cancellationToken) is not { } group)
        {
            return ScimResults.NotFound($"Group {id}");
        }
        var resource = await groups.ResourceAsync(group, BaseUrl(http), WantsMembers(http), cancellationToken);
        ScimProjection.Apply(resource, http.Request.Query["attributes"], http.Request.Query["excludedAttributes"]);
        return ScimResults.Json(resource);
    }

    private static async Task<IResult> CreateGroupAsync(HttpContext http, ScimGroups groups, CancellationToken cancellationToken)
    {
        var group = await groups.CreateAsync(await ReadAsync(http, MaxGroupBytes), cancellationToken);
        var resource = await groups.ResourceAsync(group, BaseUrl(http), withMembers: true, cancellationToken);
        return ScimResults.Json(resource, StatusCodes.Status201Created, resource["meta"]!["location"]!.GetValue<string>());
    }

    private static async Task<IResult> ReplaceGroupAsync(string id, HttpContext http, ScimGroups groups, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(http, MaxGroupBytes);
        if (!Guid.TryParse(id, out var groupId) || await groups.FindAsync(groupId, cancellationToken) is not { } group)
        {
            return ScimResults.NotFound($"Group {id}");
        }
        await groups.ReplaceAsync(group, body, cancellationToken);
        return ScimResults.Json(await groups.ResourceAsync(group, BaseUrl(http), withMembers: true, cancellationToken));
    }

    /// <summary>PATCH answers 204 No Content, as Entra ID and Okta expect for groups; the group is a GET away.</summary>
    private static async Task<IResult> PatchGroupAsync(string id, HttpContext http, ScimGroups groups, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(http, MaxGroupBytes);
        if (!Guid.TryParse(id, out var groupId) || await groups.FindAsync(groupId, cancellationToken) is not { } group)
        {
            return ScimResults.NotFound($"Group {id}");
        }
        await groups.PatchAsync(group, body, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> DeleteGroupAsync(string id, ScimGroups groups, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var groupId) || await groups.FindAsync(groupId, cancellationToken) is not { } group)
        {
            return ScimResults.NotFound($"Group {id}");
        }
        await groups.DeleteAsync(group, cancellationToken);
        return Results.NoContent();
    }

    /// <summary><c>startIndex</c> (1-based) and <c>count</c> (default 100, at most 1000).</summary>
    private static (int StartIndex, int Count) Page(IQueryCollection query) => (
        int.TryParse(query["startIndex"], out var start) ? Math.Max(1, start) : 1,
        int.TryParse(query["count"], out var count) ? Math.Clamp(count, 0, ScimUsers.MaxCount) : 100);

    /// <summary>Members are read only when the answer shows them: Entra ID and Okta ask with <c>excludedAttributes=members</c>.</summary>
    private static bool WantsMembers(HttpContext http)
    {
        var query = http.Request.Query;
        static bool Names(string? list) => list is not null && list.Split(',', StringSplitOptions.TrimEntries)
            .Any(name => ScimAttributes.Canonical(name) is "members" || ScimAttributes.Canonical(name).StartsWith("members.", StringComparison.Ordinal));
        return string.IsNullOrWhiteSpace(query["attributes"]) ? !Names(query["excludedAttributes"]) : Names(query["attributes"]);
    }

    /// <summary>The body as JSON, at most <paramref name="maxBytes"/>, in <c>application/scim+json</c> or <c>application/json</c>.</summary>
    private static async Task<JsonObject> ReadAsync(HttpContext http, int maxBytes)
    {
        var tooLarge = new ScimException(StatusCodes.Status413PayloadTooLarge, null, $"The body is larger than {maxBytes / 1024} KiB.");
        if (http.Request.ContentLength > maxBytes)
        {
            throw tooLarge;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw tooLarge;
            }
        }
        try
        {
            return JsonNode.Parse(buffer.ToArray()) as JsonObject ?? throw ScimException.InvalidSyntax("The body is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw ScimException.InvalidSyntax($"The body is not valid JSON: {ex.Message}");
        }
    }

    private static string BaseUrl(HttpContext http) =>
        $"{http.RequestServices.GetRequiredService<PublicUrls>().Origin(http.Request)}/scim/v2/{http.GetRouteValue("tenant")}";
}

/// <summary><c>attributes</c> and <c>excludedAttributes</c> (RFC 7644 §3.4.2.5); <c>id</c> and <c>schemas</c> are always returned.</summary>
public static class ScimProjection
{
    public static void Apply(JsonObject resource, string? attributes, string? excluded)
    {
        if (!string.IsNullOrWhiteSpace(attributes))
        {
            var wanted = Split(attributes);
            foreach (var key in resource.Select(p => p.Key).ToList())
            {
                if (key is "id" or "schemas")
                {
                    continue;
                }
                var subs = wanted.Where(w => w.StartsWith(key + ".", StringComparison.Ordinal)).Select(w => w[(key.Length + 1)..]).ToList();
                if (wanted.Contains(key))
                {
                    continue;
                }
                if (subs.Count > 0 && resource[key] is JsonObject complex)
                {
                    foreach (var sub in complex.Select(p => p.Key).Where(k => !subs.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList())
                    {
                        complex.Remove(sub);
                    }
                    continue;
                }
                if (subs.Count > 0 && resource[key] is JsonArray items)
                {
                    foreach (var item in items.OfType<JsonObject>())
                    {
                        foreach (var sub in item.Select(p => p.Key).Where(k => !subs.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList())
                        {
                            item.Remove(sub);
                        }
                    }
                    continue;
                }
                resource.Remove(key);
            }
        }
        if (!string.IsNullOrWhiteSpace(excluded))
        {
            foreach (var name in Split(excluded).Where(n => n is not ("id" or "schemas")))
            {
                var dot = name.IndexOf('.', StringComparison.Ordinal);
                if (dot < 0)
                {
                    resource.Remove(name);
                }
                else if (resource[name[..dot]] is JsonObject complex)
                {
                    complex.Remove(name[(dot + 1)..]);
                }
            }
        }
    }

    private static List<string> Split(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ScimAttributes.Canonical)];
}
