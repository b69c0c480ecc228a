using Doorman.Data.Entities;
using Microsoft.AspNetCore.Authorization;

namespace Doorman.Server.Features.SignIn;

/// <summary>
/// The admin pages' gate: a signed-in account holding the <c>admin</c> role of its own tenant. Roles are
/// read from the account loaded for this request, so removing the role takes effect at once.
/// </summary>
public sealed class TenantAdminRequirement : IAuthorizationRequirement
{
    public const string Policy = "TenantAdmin";
    public const string Role = "admin";
}

public sealed class TenantAdminHandler(IHttpContextAccessor http) : AuthorizationHandler<TenantAdminRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantAdminRequirement requirement)
    {
        if (http.HttpContext?.Items[typeof(Account)] is Account { Status: AccountStatus.Active } account &&
            account.Roles.Contains(TenantAdminRequirement.Role, StringComparer.Ordinal))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
