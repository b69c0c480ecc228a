namespace Doorman.Data.Entities;

public sealed class Tenant
{
    public static readonly IReadOnlyList<string> BuiltInRoles = ["admin", "member"];

    public Guid Id { get; init; }
    public required string Slug { get; set; }
    public required string Name { get; set; }

    /// <summary>Most active accounts the tenant may hold; null means unlimited.</summary>
    public int? Seats { get; set; }

    /// <summary>Roles the tenant defined beyond the built-in ones.</summary>
    public List<string> CustomRoles { get; set; } = [];

    /// <summary>What a SCIM client's DELETE of a user does.</summary>
    public ScimDeleteAction ScimDeleteAction { get; set; }

    public DateTime CreatedAt { get; init; }

    public bool IsKnownRole(string role) =>
        BuiltInRoles.Contains(role, StringComparer.Ordinal) || CustomRoles.Contains(role, StringComparer.Ordinal);
}
