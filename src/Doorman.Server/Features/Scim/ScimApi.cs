using System.Text.Json;
using System.Text.Json.Nodes;
using Doorman.Server.Features.Providers;

namespace Doorman.Server.Features.Scim;

/// <summary>The SCIM 2.0 service of each tenant at <c>/scim/v2/{tenant}</c>.</summary>
public static class ScimApi
{
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapScim(this IEndpointRouteBuilder app)
    {
        var scim = app.MapGroup("/scim/v2/{tenant}").AddEndpointFilter<ScimAuthentication>().DisableAntiforgery();
        scim.MapGet("/Users", ListAsync);
        scim.MapGet("/Users/{id}", GetAsync);
        scim.MapPost("/Users", CreateAsync);
        scim.MapPut("/Users/{id}", ReplaceAsync);
        scim.MapPatch("/Users/{id}", PatchAsync);
        scim.MapDelete("/Users/{id}", DeleteAsync);
        scim.MapGet("/ServiceProviderConfig", (HttpContext http) => ScimResults.Json(ScimDiscovery.ServiceProviderConfig(BaseUrl(http))));
        scim.MapGet("/ResourceTypes", (HttpContext http) => ScimResults.Json(ScimDiscovery.ResourceTypes(BaseUrl(http))));
        scim.MapGet("/Schemas", (HttpContext http) => ScimResults.Json(ScimDiscovery.Schemas(BaseUrl(http))));
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, ScimUsers users, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var startIndex = int.TryParse(query["startIndex"], out var s) ? Math.Max(1, s) : 1;
        var count = int.TryParse(query["count"], out var c) ? Math.Clamp(c, 0, ScimUsers.MaxCount) : 100;
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
        var resource = ScimUsers.ToResource(account, BaseUrl(http));
        ScimProjection.Apply(resource, http.Request.Query["attributes"], http.Request.Query["excludedAttributes"]);
        return ScimResults.Json(resource);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ScimUsers users, CancellationToken cancellationToken)
    {
        var (account, _) = await users.CreateAsync(await ReadAsync(http), cancellationToken);
        var resource = ScimUsers.ToResource(account, BaseUrl(http));
        return ScimResults.Json(resource, StatusCodes.Status201Created, resource["meta"]!["location"]!.GetValue<string>());
    }

    private static async Task<IResult> ReplaceAsync(string id, HttpContext http, ScimUsers users, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(http);
        if (!Guid.TryParse(id, out var accountId) || await users.FindAsync(accountId, cancellationToken) is not { } account)
        {
            return ScimResults.NotFound($"User {id}");
        }
        await users.ReplaceAsync(account, body, cancellationToken);
        return ScimResults.Json(ScimUsers.ToResource(account, BaseUrl(http)));
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext http, ScimUsers users, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(http);
        if (!Guid.TryParse(id, out var accountId) || await users.FindAsync(accountId, cancellationToken) is not { } account)
        {
            return ScimResults.NotFound($"User {id}");
        }
        await users.PatchAsync(account, body, BaseUrl(http), cancellationToken);
        return ScimResults.Json(ScimUsers.ToResource(account, BaseUrl(http)));
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

    /// <summary>The body as JSON, at most 64 KiB, in <c>application/scim+json</c> or <c>application/json</c>.</summary>
    private static async Task<JsonObject> ReadAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            throw new ScimException(StatusCodes.Status413PayloadTooLarge, null, $"The body is larger than {MaxBodyBytes / 1024} KiB.");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                throw new ScimException(StatusCodes.Status413PayloadTooLarge, null, $"The body is larger than {MaxBodyBytes / 1024} KiB.");
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
