using Doorman.Data.Entities;
using Doorman.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Doorman.Server.Features.Providers;

/// <summary>
/// Builds the URLs Doorman hands out. The origin is <c>Doorman:PublicOrigin</c> when set; otherwise the
/// request's, which reflects <c>X-Forwarded-*</c> only when they came from a trusted proxy.
/// </summary>
public sealed class PublicUrls(IOptions<DoormanOptions> options)
{
    public string Origin(HttpRequest request) =>
        options.Value.PublicOrigin?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host.Value}";

    public string RedirectUri(HttpRequest request, IdentityProvider provider) =>
        provider.RedirectUri ?? $"{Origin(request)}{CallbackPath(provider.Scheme)}";

    public string LoginUrl(HttpRequest request, IdentityProvider provider) =>
        $"{Origin(request)}/sso/login?id={provider.Id}";

    public static string CallbackPath(string scheme) => $"/signin-{scheme}";
}
