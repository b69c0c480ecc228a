using System.Text.RegularExpressions;
using Doorman.Data;
using Doorman.Data.Entities;
using Doorman.Server.Features.ApiKeys;
using Doorman.Server.Features.Audit;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Features.Tenants;

public sealed record CreateTenantRequest(string? Slug, string? Name, int? Seats, List<string>? Roles);

/// <param name="ScimDelete">What a SCIM DELETE of a user does: <c>disable</c> (the default) or <c>keepActive</c>.</param>
public sealed record UpdateTenantRequest(string? Name, int? Seats, bool? Unlimited, List<string>? Roles, string? ScimDelete = null);

public sealed record TenantResponse(Guid Id, string Slug, string Name, int? Seats, List<string> Roles, string ScimDelete)
{
    public static TenantResponse From(Tenant t) =>
        new(t.Id, t.Slug, t.Name, t.Seats, [.. Tenant.BuiltInRoles, .. t.CustomRoles], ScimDeleteActions.Name(t.ScimDeleteAction));
}

/// <summary>The API's names for <see cref="ScimDeleteAction"/>.</summary>
public static class ScimDeleteActions
{
    public static string Name(ScimDeleteAction action) => action == ScimDeleteAction.KeepActive ? "keepActive" : "disable";

    public static ScimDeleteAction? Parse(string? name) => name switch
    {
        "disable" => ScimDeleteAction.Disable,
        "keepActive" => ScimDeleteAction.KeepActive,
        _ => null,
    };
}

public static partial class TenantsApi
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z][a-z0-9_.-]{0,63}$")]
    private static partial Regex RolePattern();

    /// <summary>Maps <c>/api/tenants</c> and returns the <c>/api/tenants/{tenant}</c> group, scoped to that tenant.</summary>
    public static RouteGroupBuilder MapTenantsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tenants").RequireAuthorization(AdminApi.Policy);
        api.MapPost("/", CreateAsync);

        var tenant = api.MapGroup("/{tenant}").AddEndpointFilter<TenantScopeFilter>();
        tenant.MapGet("/", (TenantContext context) => TypedResults.Ok(TenantResponse.From(context.Tenant)));
        tenant.MapPatch("/", UpdateAsync);
        return tenant;
    }

    private static async Task<Results<Created<TenantResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTenantRequest request, HttpContext http, DoormanDbContext db, AuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsOperator)
        {
            return Problems.Forbidden("Only an operator key can create tenants.");
        }
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Slug) || !SlugPattern().IsMatch(request.Slug))
        {
            errors["slug"] = ["slug must be 1 to 63 lower-case letters, digits or hyphens, not starting or ending with a hyphen."];
        }
        ValidateName(request.Name, errors);
        ValidateSeats(request.Seats, errors);
        ValidateRoles(request.Roles, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (await db.Tenants.AnyAsync(t => t.Slug == request.Slug, cancellationToken))
        {
            return Problems.Conflict("tenant.slug_taken", $"A tenant with the slug '{request.Slug}' already exists.");
        }

        var tenant = new Tenant
        {
            Id = Guid.NewGuid(),
            Slug = request.Slug!,
            Name = request.Name!.Trim(),
            Seats = request.Seats,
            CustomRoles = CustomRoles(request.Roles),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Tenants.Add(tenant);
        audit.Record(tenant.Id, caller.Actor, "tenant.created", $"tenant:{tenant.Slug}", AuditOutcome.Success,
            $"name '{tenant.Name}', seats {tenant.Seats?.ToString() ?? "unlimited"}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/tenants/{tenant.Slug}", TenantResponse.From(tenant));
    }

    private static async Task<Results<Ok<TenantResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        UpdateTenantRequest request, TenantContext context, TenantService tenants, CancellationToken cancellationToken)
    {
        // Seats are what the operator sells: a tenant's own key may rename it and define roles, not add seats.
        if ((request.Seats is not null || request.Unlimited is not null) && !context.Caller.IsOperator)
        {
            return Problems.Forbidden("Only an operator key can change a tenant's seats.");
        }
        var errors = await tenants.UpdateAsync(context.Tenant, context.Caller.Actor, request, cancellationToken);
        return errors.Count > 0 ? Problems.Validation(errors) : TypedResults.Ok(TenantResponse.From(context.Tenant));
    }

    internal static void ValidateName(string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            errors["name"] = ["name is required and at most 200 characters."];
        }
    }

    internal static void ValidateSeats(int? seats, Dictionary<string, string[]> errors)
    {
        if (seats is < 0)
        {
            errors["seats"] = ["seats must be zero or more; leave it out for unlimited."];
        }
    }

    internal static void ValidateRoles(List<string>? roles, Dictionary<string, string[]> errors)
    {
        if (roles?.FirstOrDefault(r => r is null || !RolePattern().IsMatch(r)) is { } bad)
        {
            errors["roles"] = [$"'{bad}' is not a valid role name: lower-case letters, digits, '_', '.', '-', starting with a letter."];
        }
    }

    internal static List<string> CustomRoles(List<string>? roles) =>
        (roles ?? []).Where(r => !Tenant.BuiltInRoles.Contains(r)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
