using Doorman.Oidc.Metadata;

namespace Doorman.Oidc;

/// <summary>
/// One provider as the relying-party engine sees it: built from the database at request time, so a change
/// takes effect on the next sign-in and an unused provider costs nothing.
/// </summary>
public sealed record ProviderSettings
{
    public required Guid Id { get; init; }

    /// <summary>The configuration's version stamp; cached metadata of an older version is dropped.</summary>
    public required int Version { get; init; }

    public required ProviderLocation Location { get; init; }

    /// <summary>
    /// For Entra ID only: the directory the tokens must come from (a GUID), or <c>common</c>,
    /// <c>organizations</c> or <c>consumers</c> for any directory of that class.
    /// </summary>
    public string? EntraTenant { get; init; }

    public required string ClientId { get; init; }
    public string? ClientSecret { get; init; }

    /// <summary><c>client_secret_basic</c> when true, else <c>client_secret_post</c>.</summary>
    public bool UseBasicAuthentication { get; init; }

    public required string Scopes { get; init; }
    public required ClaimNames Claims { get; init; }
    public bool RequireVerifiedEmail { get; init; }

    /// <summary>Lower-cased email domains routed to this provider: it vouches for addresses in them.</summary>
    public IReadOnlyCollection<string> RoutedDomains { get; init; } = [];

    public required string RedirectUri { get; init; }

    /// <summary>Ask for <c>response_mode=form_post</c> instead of the query string.</summary>
    public bool FormPost { get; init; }

    public bool IsEntra => EntraTenant is not null;
}

/// <summary>Which claim carries what. Null means "not mapped".</summary>
public sealed record ClaimNames(
    string Subject,
    string? Username,
    string? Email,
    string? Name,
    string? GivenName,
    string? FamilyName,
    string? Groups)
{
    /// <summary>
    /// The mapped claims an account needs: its email, its name and, when mapped, the groups behind its roles.
    /// Username and given and family names only stand in for a missing name, so they alone never cost a
    /// userinfo call.
    /// </summary>
    public IEnumerable<string> Needed()
    {
        foreach (var name in new[] { Email, Name, Groups })
        {
            if (name is not null)
            {
                yield return name;
            }
        }
    }
}
