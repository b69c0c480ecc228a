using Microsoft.IdentityModel.Tokens;

namespace Doorman.Oidc.Metadata;

/// <summary>What a connection check found: the effective endpoints and every problem, in words for a tenant admin.</summary>
public sealed record ProbeResult(
    string? Issuer,
    ProviderEndpoints Endpoints,
    IReadOnlyList<string> Problems,
    IReadOnlyList<SecurityKey> SigningKeys,
    bool IssuerParameterSupported = false,
    bool Unreachable = false)
{
    public bool Ok => Problems.Count == 0;
}
