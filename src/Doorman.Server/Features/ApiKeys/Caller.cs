using System.Security.Claims;

namespace Doorman.Server.Features.ApiKeys;

/// <summary>Who is calling the admin API, read from the authenticated principal.</summary>
public sealed record Caller(Guid KeyId, string KeyName, Guid? TenantId)
{
    public const string KeyIdClaim = "doorman:key_id";
    public const string TenantClaim = "doorman:tenant_id";

    public bool IsOperator => TenantId is null;

    /// <summary>The actor as the audit log shows it.</summary>
    public string Actor => $"apikey:{KeyName}";

    public bool CanReach(Guid tenantId) => IsOperator || TenantId == tenantId;

    public static Caller From(ClaimsPrincipal principal)
    {
        var keyId = Guid.Parse(principal.FindFirstValue(KeyIdClaim)
                               ?? throw new InvalidOperationException("The principal is not an API key."));
        var tenant = principal.FindFirstValue(TenantClaim);
        return new Caller(keyId, principal.Identity?.Name ?? "", tenant is null ? null : Guid.Parse(tenant));
    }
}
