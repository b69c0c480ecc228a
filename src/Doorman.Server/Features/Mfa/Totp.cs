using System.Security.Cryptography;
using System.Text;
using Doorman.Data.Entities;
using Microsoft.AspNetCore.DataProtection;
using OtpNet;
using QRCoder;

namespace Doorman.Server.Features.Mfa;

/// <summary>
/// Local TOTP authenticators (RFC 6238 through Otp.NET) and recovery codes. The secret is stored protected,
/// with the account id in the purpose; a code is accepted once (its time step is remembered), one step of
/// clock drift either way; recovery codes are stored as hashes and each works once.
/// </summary>
public sealed class Totp(IDataProtectionProvider dataProtection, TimeProvider time)
{
    private const string Purpose = "Doorman.Mfa.TotpSecret.v1";
    public const int RecoveryCodeCount = 10;

    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public string Protect(Account account, string secret) => For(account).Protect(secret);

    /// <summary>The authenticator app's QR code (inline SVG, nothing fetched from elsewhere) for an otpauth URI.</summary>
    public static string QrSvg(string issuer, string email, string secret)
    {
        var uri = $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(email)}" +
                  $"?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&digits=6&period=30";
        using var data = new QRCodeGenerator().CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }

    /// <summary>Checks a code against a secret not yet stored (enrollment); true when it is right now.</summary>
    public bool Matches(string secret, string? code, out long step) =>
        Verify(Base32Encoding.ToBytes(secret), code, out step);

    /// <summary>Checks a code or a recovery code for an enrolled account, and uses it up. The caller saves.</summary>
    public bool Accept(Account account, string? code)
    {
        if (account.ProtectedTotpSecret is null || string.IsNullOrWhiteSpace(code))
        {
            return false;
        }
        var secret = Base32Encoding.ToBytes(For(account).Unprotect(account.ProtectedTotpSecret));
        if (Verify(secret, code, out var step))
        {
            // A code seen once is spent, so a code read over someone's shoulder can't be replayed.
            if (account.TotpLastStep is { } last && step <= last)
            {
                return false;
            }
            account.TotpLastStep = step;
            return true;
        }
        var hash = HashRecoveryCode(code);
        if (account.RecoveryCodes.Contains(hash, StringComparer.Ordinal))
        {
            account.RecoveryCodes = [.. account.RecoveryCodes.Where(c => c != hash)];
            return true;
        }
        return false;
    }

    /// <summary>New recovery codes: their hashes go on the account, the codes are shown once.</summary>
    public static List<string> NewRecoveryCodes(Account account)
    {
        var codes = Enumerable.Range(0, RecoveryCodeCount)
            .Select(_ => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant())
            .Select(c => $"{c[..4]}-{c[4..]}")
            .ToList();
        account.RecoveryCodes = [.. codes.Select(HashRecoveryCode)];
        return codes;
    }

    private bool Verify(byte[] secret, string? code, out long step)
    {
        step = 0;
        var digits = code?.Replace(" ", "", StringComparison.Ordinal).Trim();
        return digits is { Length: 6 } && digits.All(char.IsAsciiDigit) &&
               new OtpNet.Totp(secret).VerifyTotp(time.GetUtcNow().UtcDateTime, digits, out step, new VerificationWindow(1, 1));
    }

    private static string HashRecoveryCode(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToLowerInvariant())));

    private IDataProtector For(Account account) => dataProtection.CreateProtector(Purpose, account.Id.ToString("N"));
}
