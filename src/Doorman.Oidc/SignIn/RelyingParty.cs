using System.Diagnostics.CodeAnalysis;
using Doorman.Oidc.Metadata;
using Doorman.Oidc.Steps;
using Duende.IdentityModel.Client;

namespace Doorman.Oidc.SignIn;

/// <summary>
/// The relying-party engine: starts an authorization code flow and completes its callback through an
/// ordered list of checks. It knows nothing of accounts, sessions or the database; the host stores the
/// flow, resolves the account and issues the session.
/// </summary>
public sealed class RelyingParty
{
    private readonly ProviderMetadataCache _metadata;
    private readonly IReadOnlyList<ICallbackStep> _steps;

    public RelyingParty(HttpClient http, ProviderMetadataCache metadata, TimeProvider time)
    {
        _metadata = metadata;
        // The order is the security argument: read it top to bottom.
        _steps =
        [
            new CheckErrorResponse(),
            new ValidateIssuerParameter(),
            new RedeemCode(http),
            new ValidateIdToken(metadata.Probe, time),
            new ValidateNonce(),
            new LoadUserInfo(http),
            new MapClaims(),
        ];
    }

    /// <summary>Resolves the provider's metadata (from cache on the hot path) and builds the authorization request.</summary>
    public async Task<StartResult> StartAsync(ProviderSettings provider, string? loginHint, CancellationToken cancellationToken)
    {
        var (metadata, error) = await MetadataAsync(provider, cancellationToken);
        return metadata is null ? new StartResult(null, error) : new StartResult(AuthorizationStart.Create(provider, metadata, loginHint), null);
    }

    /// <summary>Completes the callback of a flow the host has already matched to this browser and consumed.</summary>
    public async Task<CallbackResult> CompleteAsync(
        ProviderSettings provider,
        IReadOnlyDictionary<string, string> response,
        string nonce,
        string codeVerifier,
        CancellationToken cancellationToken)
    {
        var (metadata, error) = await MetadataAsync(provider, cancellationToken);
        if (metadata is null)
        {
            return new CallbackResult(null, error);
        }
        var context = new CallbackContext
        {
            Provider = provider,
            Metadata = metadata,
            Response = response,
            Nonce = nonce,
            CodeVerifier = codeVerifier,
        };
        foreach (var step in _steps)
        {
            if (await step.RunAsync(context, cancellationToken) is { } failure)
            {
                return new CallbackResult(null, failure);
            }
        }
        return new CallbackResult(context.Identity, null);
    }

    /// <summary>The end-session URL to continue logout at, or null when the provider publishes none.</summary>
    public async Task<string?> EndSessionUrlAsync(
        ProviderSettings provider, string? idTokenHint, string postLogoutRedirectUri, CancellationToken cancellationToken)
    {
        var (metadata, _) = await MetadataAsync(provider, cancellationToken);
        if (metadata?.Endpoints.EndSession is not { } endSession)
        {
            return null;
        }
        return new RequestUrl(endSession).CreateEndSessionUrl(
            idTokenHint: idTokenHint, postLogoutRedirectUri: postLogoutRedirectUri);
    }

    private async Task<(ProviderMetadata? Metadata, SignInError? Error)> MetadataAsync(
        ProviderSettings provider, CancellationToken cancellationToken)
    {
        var lookup = await _metadata.GetAsync(provider, cancellationToken);
        if (lookup.Metadata is not null)
        {
            return (lookup.Metadata, null);
        }
        var problems = string.Join(" ", lookup.Problems);
        return (null, lookup.Unreachable
            ? SignInError.ProviderUnreachable(problems)
            : SignInError.ConfigurationError(problems));
    }
}

public sealed record StartResult(AuthorizationStart? Start, SignInError? Error)
{
    [MemberNotNullWhen(true, nameof(Start))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Start is not null;
}

public sealed record CallbackResult(ExternalIdentity? Identity, SignInError? Error)
{
    [MemberNotNullWhen(true, nameof(Identity))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Identity is not null;
}
