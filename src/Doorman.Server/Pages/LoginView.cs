using Doorman.Data.Entities;

namespace Doorman.Server.Pages;

/// <summary>What the sign-in form shows: the tenant, its provider buttons, and which step the person is at.</summary>
public sealed record LoginView
{
    public Tenant? Tenant { get; init; }
    public IReadOnlyList<ProviderButton> Providers { get; init; } = [];
    public string ReturnUrl { get; init; } = "/";
    public string? Email { get; init; }

    /// <summary>After email-first routing chose the password: only the password step is shown.</summary>
    public bool AskPassword { get; init; }

    /// <summary>The tenant's page offers the password form beside email-first entry.</summary>
    public bool ShowPasswordForm { get; init; }

    public string? EmailError { get; init; }
    public string? PasswordError { get; init; }
    public string? Notice { get; init; }
}

public sealed record ProviderButton(Guid Id, string DisplayName, string? IconUrl);
