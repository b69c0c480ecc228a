using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Scim;

/// <summary>What a SCIM request acts as: the tenant and the token (with its linked provider).</summary>
public sealed class ScimContext
{
    public Tenant Tenant { get; private set; } = null!;
    public ScimToken Token { get; private set; } = null!;

    /// <summary>How the audit log names the SCIM client.</summary>
    public string Actor => $"scim:{Token.Name}";

    internal void Set(Tenant tenant, ScimToken token) => (Tenant, Token) = (tenant, token);
}

/// <summary>
/// Every <c>/scim/v2/{tenant}</c> request: a bearer SCIM token of that tenant, or 401. Scopes the database context
/// to the tenant, and turns <see cref="ScimException"/> into its SCIM error.
/// </summary>
public sealed class ScimAuthentication(DoormanDbContext db, ScimContext context, TimeProvider time) : IEndpointFilter
{
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        string? header = http.Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 300)
        {
            return Unauthorized(http);
        }
        var hash = ApiKeySecrets.Hash(header["Bearer ".Length..].Trim());
        var slug = http.GetRouteValue("tenant") as string ?? "";
        var found = await db.ScimTokens.IgnoreQueryFilters()
            .Where(t => t.TokenHash == hash)
            .Join(db.Tenants, t => t.TenantId, t => t.Id, (token, tenant) => new { token, tenant })
            .SingleOrDefaultAsync(http.RequestAborted);
        if (found is null || !string.Equals(found.tenant.Slug, slug, StringComparison.Ordinal))
        {
            return Unauthorized(http);   // a token of another tenant is no token here
        }
        db.TenantScope = found.tenant.Id;
        context.Set(found.tenant, found.token);
        var now = time.GetUtcNow().UtcDateTime;
        if (found.token.LastUsedAt is null || now - found.token.LastUsedAt > LastUsedPrecision)
        {
            await db.ScimTokens.Where(t => t.Id == found.token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), http.RequestAborted);
        }
        try
        {
            return await next(invocation);
        }
        catch (ScimException ex)
        {
            return ScimResults.Error(ex.Status, ex.ScimType, ex.Message);
        }
    }

    private static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"scim\"";
        return ScimResults.Error(StatusCodes.Status401Unauthorized, null,
            "A valid SCIM token of this organization is required: send 'Authorization: Bearer <token>'.");
    }
}
