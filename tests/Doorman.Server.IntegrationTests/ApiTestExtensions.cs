namespace Doorman.Server.IntegrationTests;

/// <summary>Small steps the admin API tests share: make a tenant, read problem details.</summary>
internal static class ApiTestExtensions
{
    public static async Task<string> NewTenantAsync(this HttpClient api, int? seats = null, string[]? roles = null)
    {
        var slug = $"t-{Guid.NewGuid():N}"[..20];
        var response = await api.PostAsJsonAsync("/api/tenants", new { slug, name = $"Tenant {slug}", seats, roles });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return slug;
    }

    public static async Task<string> NewTenantKeyAsync(this HttpClient api, string slug)
    {
        var response = await api.PostAsJsonAsync($"/api/tenants/{slug}/api-keys", new { name = "automation" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<JsonArray> JsonArrayAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonArray>())!;

    /// <summary>Asserts a problem-details answer with the given status and code, and returns it.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(code, problem["code"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        return problem;
    }

    /// <summary>Asserts a validation problem naming exactly the given field.</summary>
    public static async Task AssertFieldErrorAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error for '{field}', got: {errors.ToJsonString()}");
    }

    public static object Oidc(string scheme, string issuer = "https://idp.example.com", object? extra = null)
    {
        var provider = new JsonObject
        {
            ["displayName"] = "Example IdP",
            ["scheme"] = scheme,
            ["type"] = "oidc",
            ["issuer"] = issuer,
            ["clientId"] = "doorman-client",
        };
        if (extra is not null)
        {
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                provider[key] = value?.DeepClone();
            }
        }
        return provider;
    }

    public static string NewScheme() => $"s{Guid.NewGuid():N}"[..16];
}
