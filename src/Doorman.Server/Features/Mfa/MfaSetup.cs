using Microsoft.AspNetCore.DataProtection;

namespace Doorman.Server.Features.Mfa;

public static class MfaSetup
{
    public static IServiceCollection AddLocalMfa(this IServiceCollection services) =>
        services.AddSingleton<Totp>().AddSingleton<MfaChallenge>().AddSingleton<EnrollmentSecrets>();
}

/// <summary>
/// An authenticator secret being set up travels in the form, protected, until a correct code confirms it:
/// nothing is stored for an enrollment that is never finished.
/// </summary>
public sealed class EnrollmentSecrets(IDataProtectionProvider dataProtection)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public string Seal(Guid accountId, string secret) => For(accountId).Protect(secret, Lifetime);

    public string? Open(Guid accountId, string? sealedSecret)
    {
        try
        {
            return sealedSecret is null ? null : For(accountId).Unprotect(sealedSecret, out _);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private ITimeLimitedDataProtector For(Guid accountId) =>
        dataProtection.CreateProtector("Doorman.Mfa.Enrollment.v1", accountId.ToString("N")).ToTimeLimitedDataProtector();
}
