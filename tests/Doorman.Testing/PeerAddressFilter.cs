using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Doorman.Testing;

/// <summary>
/// The test server has no network peer; this lets a test say which address a request comes from
/// (header <c>X-Test-Peer</c>), as a real proxy's connection would.
/// </summary>
internal sealed class PeerAddressFilter : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(Header, out var peer)
                ? IPAddress.Parse(peer.ToString())
                : IPAddress.Parse("192.0.2.10");
            return nextMiddleware(context);
        });
        next(app);
    };
}
