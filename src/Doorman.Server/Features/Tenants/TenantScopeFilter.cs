using Doorman.Data;
using Doorman.Server.Features.ApiKeys;
using Doorman.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Tenants;

/// <summary>
/// Resolves <c>{tenant}</c> and scopes the database to it. A key that may not reach the tenant gets the
/// same 404 as a tenant that does not exist, so keys cannot probe which tenants exist.
/// </summary>
public sealed class TenantScopeFilter(DoormanDbContext db, TenantContext context) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var slug = http.GetRouteValue("tenant") as string ?? "";
        var caller = Caller.From(http.User);
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, http.RequestAborted);
        if (tenant is null || !string.Equals(tenant.Slug, slug, StringComparison.Ordinal) || !caller.CanReach(tenant.Id))
        {
            return Problems.NotFound("tenant");
        }
        db.TenantScope = tenant.Id;
        context.Set(tenant, caller);
        return await next(invocation);
    }
}
