using System.Security.Cryptography;
using System.Text;

namespace Doorman.Server.Features.ApiKeys;

/// <summary>Makes and hashes API keys. Keys carry 256 random bits, so SHA-256 suffices (no slow hash needed).</summary>
public static class ApiKeySecrets
{
    private const string KeyPrefix = "dm_";

    public static string NewKey() =>
        KeyPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A short, non-secret part of the key that lets an admin tell keys apart in lists.</summary>
    public static string DisplayPrefix(string key) => key[..Math.Min(key.Length, 10)];

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
