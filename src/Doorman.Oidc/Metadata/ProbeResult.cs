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

/// <summary>Which credential a token endpoint's refusal points at.</summary>
public enum CredentialFault
{
    ClientId,
    ClientSecret,

    /// <summary>The check itself could not be made (timeout, network).</summary>
    Unknown,
}

/// <summary>Why the client credentials were not accepted, in words for a tenant admin.</summary>
public sealed record CredentialProblem(string Message, CredentialFault Fault);
