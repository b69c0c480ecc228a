namespace Doorman.Data.Entities;

/// <summary>An entity that belongs to exactly one tenant; the context hides other tenants' rows.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}
