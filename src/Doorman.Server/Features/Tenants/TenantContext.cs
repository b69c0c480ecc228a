using Doorman.Data.Entities;
using Doorman.Server.Features.ApiKeys;

namespace Doorman.Server.Features.Tenants;

/// <summary>The tenant named in the route, resolved and access-checked by <see cref="TenantScopeFilter"/>.</summary>
public sealed class TenantContext
{
    private Tenant? _tenant;
    private Caller? _caller;

    public Tenant Tenant => _tenant ?? throw new InvalidOperationException("No tenant was resolved for this request.");

    public Caller Caller => _caller ?? throw new InvalidOperationException("No caller was resolved for this request.");

    internal void Set(Tenant tenant, Caller caller)
    {
        _tenant = tenant;
        _caller = caller;
    }
}
