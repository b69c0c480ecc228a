using Doorman.Data.Entities;
using Microsoft.AspNetCore.DataProtection;

namespace Doorman.Server.Features.Providers;

/// <summary>
/// Protects client secrets at rest (DESIGN rule 5). The purpose includes the provider id, so a protected
/// secret copied onto another provider's row does not open.
/// </summary>
public sealed class ProviderSecrets(IDataProtectionProvider dataProtection)
{
    private const string Purpose = "Doorman.Providers.ClientSecret.v1";

    public string Protect(Guid providerId, string secret) => For(providerId).Protect(secret);

    /// <summary>The secret in clear, for the token endpoint only; null when none is stored.</summary>
    public string? Reveal(IdentityProvider provider) =>
        provider.ProtectedClientSecret is { } protectedSecret ? For(provider.Id).Unprotect(protectedSecret) : null;

    private IDataProtector For(Guid providerId) => dataProtection.CreateProtector(Purpose, providerId.ToString("N"));
}
