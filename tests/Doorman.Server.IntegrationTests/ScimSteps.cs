using System.Net.Http.Headers;
using System.Text;

namespace Doorman.Server.IntegrationTests;

/// <summary>A tenant with a provider and a SCIM token linked to it, and the SCIM requests the tests send.</summary>
internal sealed class ScimSteps(SignInFixture fixture)
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    public SignInSteps SignIn { get; } = new(fixture);

    /// <summary>A new tenant (with <paramref name="roles"/> of its own), a provider with <paramref name="provider"/> settings, a token.</summary>
    public async Task<(string Slug, Connection Connection, HttpClient Scim)> ConnectAsync(object? provider = null, string[]? roles = null)
    {
        var slug = await SignIn.Api.NewTenantAsync(roles: roles);
        var connection = await SignIn.ConnectAsync(slug, null, provider ?? new { provisioning = "manual" });
        var token = await SignIn.Api.PostAsJsonAsync($"/api/tenants/{slug}/scim-tokens", new { name = "entra", providerId = connection.ProviderId });
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        var body = await token.JsonAsync();
        Assert.StartsWith("scim_", body["token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith($"/scim/v2/{slug}", body["scimBaseUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        return (slug, connection, Client(body["token"]!.GetValue<string>()));
    }

    public HttpClient Client(string? token)
    {
        var client = fixture.App.Api(key: null);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public static Task<HttpResponseMessage> CreateAsync(HttpClient scim, string slug, JsonObject user) =>
        scim.PostAsync($"/scim/v2/{slug}/Users", Body(user));

    /// <summary>Creates the user and returns its id.</summary>
    public static async Task<string> UserIdAsync(HttpClient scim, string slug, JsonObject user)
    {
        var created = await CreateAsync(scim, slug, user);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync())["id"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> PatchAsync(HttpClient scim, string url, params JsonObject[] operations) =>
        scim.PatchAsync(url, Body(new JsonObject
        {
            ["schemas"] = new JsonArray(PatchOp),
            ["Operations"] = new JsonArray([.. operations]),
        }));

    public static StringContent Body(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/scim+json");

    public static JsonObject Op(string op, string? path, JsonNode? value)
    {
        var operation = new JsonObject { ["op"] = op };
        if (path is not null)
        {
            operation["path"] = path;
        }
        if (value is not null)
        {
            operation["value"] = value;
        }
        return operation;
    }

    public static JsonArray Members(params string[] ids) => new([.. ids.Select(id => (JsonNode)new JsonObject { ["value"] = id })]);

    public static JsonObject User(string userName, string externalId, string displayName, bool active = true, string? department = null)
    {
        var user = new JsonObject
        {
            ["schemas"] = new JsonArray(UserSchema),
            ["userName"] = userName,
            ["externalId"] = externalId,
            ["displayName"] = displayName,
            ["active"] = active,
            ["name"] = new JsonObject { ["givenName"] = displayName.Split(' ')[0], ["familyName"] = displayName.Split(' ')[^1] },
            ["emails"] = new JsonArray(new JsonObject { ["value"] = userName, ["type"] = "work", ["primary"] = true }),
        };
        if (department is not null)
        {
            user["schemas"]!.AsArray().Add(Enterprise);
            user[Enterprise] = new JsonObject { ["department"] = department };
        }
        return user;
    }

    public static JsonObject Group(string displayName, string? externalId = null, params string[] members)
    {
        var group = new JsonObject { ["schemas"] = new JsonArray(GroupSchema), ["displayName"] = displayName, ["members"] = Members(members) };
        if (externalId is not null)
        {
            group["externalId"] = externalId;
        }
        return group;
    }

    /// <summary>The roles of the account with that email, as the admin API reports them.</summary>
    public async Task<List<string>> RolesAsync(string slug, string email) =>
        [.. (await SignIn.AccountAsync(slug, email))!["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal)];

    public static async Task<string?> ScimTypeAsync(HttpResponseMessage response) => (await response.JsonAsync())["scimType"]?.GetValue<string>();
}
