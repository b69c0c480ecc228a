namespace Doorman.Oidc.SignIn;

/// <summary>Who the provider says signed in, after every check passed.</summary>
public sealed record ExternalIdentity
{
    /// <summary>From the verified ID token only: the key of the account binding.</summary>
    public required string Subject { get; init; }

    public string? Email { get; init; }

    /// <summary>
    /// True when the provider vouches for <see cref="Email"/> (DESIGN rule 2): <c>email_verified</c>, Entra's
    /// <c>xms_edov</c>, or a domain routed to this provider. Only a vouched email may link an existing account.
    /// </summary>
    public bool EmailVouched { get; init; }

    public string? Username { get; init; }
    public string? Name { get; init; }
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>The raw ID token, kept only as <c>id_token_hint</c> for logout.</summary>
    public required string IdToken { get; init; }
}
