using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Doorman.Testing;

/// <summary>
/// Key material and re-signed ID tokens for the certification cases: a provider's real token, with its
/// claims changed and signed by the key a case needs (or by none).
/// </summary>
public static class TokenForge
{
    public static readonly RsaSecurityKey ProviderKey = new(RSA.Create(2048)) { KeyId = "test-rs256" };
    public static readonly RsaSecurityKey SecondRsaKey = new(RSA.Create(2048)) { KeyId = "test-rs256-b" };
    public static readonly RsaSecurityKey AttackerKey = new(RSA.Create(2048)) { KeyId = "test-rs256" };
    public static readonly ECDsaSecurityKey EcKey = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "test-es256" };
    public static readonly ECDsaSecurityKey AttackerEcKey = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "test-es256" };

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>The original token's claims, changed by <paramref name="change"/>, signed with <paramref name="key"/> (null: alg none).</summary>
    public static string Resign(JsonWebToken original, SecurityKey? key, Action<Dictionary<string, object>>? change = null, string? algorithm = null)
    {
        var claims = Claims(original);
        change?.Invoke(claims);
        var descriptor = new SecurityTokenDescriptor { Claims = claims };
        if (key is not null)
        {
            descriptor.SigningCredentials = new SigningCredentials(key, algorithm ?? (key is ECDsaSecurityKey ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256));
        }
        return Handler.CreateToken(descriptor);
    }

    /// <summary>The same RSA key with no key id, so tokens it signs carry no <c>kid</c>.</summary>
    public static RsaSecurityKey WithoutKeyId(RsaSecurityKey key) => new(key.Rsa);

    public static Dictionary<string, object> Claims(JsonWebToken token)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        return payload.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.Clone());
    }

    /// <summary>A JWKS document with the public halves of the given keys.</summary>
    public static string Jwks(IEnumerable<SecurityKey> keys) => JsonSerializer.Serialize(new
    {
        keys = keys.Select(PublicJwk).ToArray(),
    });

    private static Dictionary<string, string> PublicJwk(SecurityKey key)
    {
        switch (key)
        {
            case RsaSecurityKey rsa:
                var p = rsa.Rsa.ExportParameters(false);
                return Jwk("RSA", rsa.KeyId, "RS256", ("n", p.Modulus!), ("e", p.Exponent!));
            case ECDsaSecurityKey ec:
                var q = ec.ECDsa.ExportParameters(false).Q;
                var jwk = Jwk("EC", ec.KeyId, "ES256", ("x", q.X!), ("y", q.Y!));
                jwk["crv"] = "P-256";
                return jwk;
            default:
                throw new NotSupportedException(key.GetType().Name);
        }
    }

    private static Dictionary<string, string> Jwk(string kty, string? kid, string alg, params (string Name, byte[] Value)[] parameters)
    {
        var jwk = new Dictionary<string, string> { ["kty"] = kty, ["use"] = "sig", ["alg"] = alg };
        if (kid is not null)
        {
            jwk["kid"] = kid;
        }
        foreach (var (name, value) in parameters)
        {
            jwk[name] = Base64UrlEncoder.Encode(value);
        }
        return jwk;
    }
}
