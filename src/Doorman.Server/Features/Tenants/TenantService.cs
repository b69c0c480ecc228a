using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.Audit;

namespace Doorman.Server.Features.Tenants;

/// <summary>Changes a tenant's settings with their audit record, for the admin API and the organization page alike.</summary>
public sealed class TenantService(DoormanDbContext db, AuditLog audit)
{
    /// <summary>Applies the changes to <paramref name="tenant"/> (tracked) and saves; returns field errors, empty on success.</summary>
    public async Task<Dictionary<string, string[]>> UpdateAsync(
        Tenant tenant, string actor, UpdateTenantRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Name is not null)
        {
            TenantsApi.ValidateName(request.Name, errors);
        }
        TenantsApi.ValidateSeats(request.Seats, errors);
        TenantsApi.ValidateRoles(request.Roles, errors);
        var scimDelete = request.ScimDelete is null ? tenant.ScimDeleteAction : ScimDeleteActions.Parse(request.ScimDelete);
        if (scimDelete is null)
        {
            errors["scimDelete"] = ["scimDelete must be 'disable' (a SCIM DELETE disables the account) or 'keepActive' (it stays active)."];
        }
        if (errors.Count > 0)
        {
            return errors;
        }

        var changes = new List<string>();
        if (request.Name is not null && request.Name.Trim() != tenant.Name)
        {
            changes.Add($"name '{tenant.Name}' → '{request.Name.Trim()}'");
            tenant.Name = request.Name.Trim();
        }
        var seats = request.Unlimited == true ? null : request.Seats ?? tenant.Seats;
        if (seats != tenant.Seats)
        {
            changes.Add($"seats {tenant.Seats?.ToString() ?? "unlimited"} → {seats?.ToString() ?? "unlimited"}");
            tenant.Seats = seats;
        }
        if (request.Roles is not null)
        {
            var roles = TenantsApi.CustomRoles(request.Roles);
            if (!roles.SequenceEqual(tenant.CustomRoles, StringComparer.Ordinal))
            {
                changes.Add($"roles [{string.Join(", ", tenant.CustomRoles)}] → [{string.Join(", ", roles)}]");
                tenant.CustomRoles = roles;
            }
        }
        if (scimDelete != tenant.ScimDeleteAction)
        {
            changes.Add($"SCIM DELETE {ScimDeleteActions.Name(tenant.ScimDeleteAction)} → {ScimDeleteActions.Name(scimDelete!.Value)}");
            tenant.ScimDeleteAction = scimDelete.Value;
        }
        if (changes.Count > 0)
        {
            audit.Record(tenant.Id, actor, "tenant.updated", $"tenant:{tenant.Slug}", AuditOutcome.Success, string.Join("; ", changes));
            await db.SaveChangesAsync(cancellationToken);
        }
        return errors;
    }
}
