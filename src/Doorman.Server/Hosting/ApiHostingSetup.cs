using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Doorman.Server.Hosting;

public static class ApiHostingSetup
{
    /// <summary>Request bodies larger than this are refused before they are read.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static WebApplicationBuilder AddDoormanHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DoormanOptions>()
            .Bind(builder.Configuration.GetSection(DoormanOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // Failures the framework raises itself (unreadable JSON, wrong field types, too large) get codes too.
            if (ctx.ProblemDetails.Extensions.ContainsKey("code"))
            {
                return;
            }
            var code = ctx.ProblemDetails.Status switch
            {
                StatusCodes.Status400BadRequest => "request.malformed",
                StatusCodes.Status401Unauthorized => "auth.unauthenticated",
                StatusCodes.Status404NotFound => "not_found",
                StatusCodes.Status405MethodNotAllowed => "request.method_not_allowed",
                StatusCodes.Status413PayloadTooLarge => "request.too_large",
                StatusCodes.Status415UnsupportedMediaType => "request.unsupported_media_type",
                _ => "server.error",
            };
            ctx.ProblemDetails.Extensions["code"] = code;
            ctx.ProblemDetails.Type = Problems.TypeFor(code);
            if (ctx.ProblemDetails.Status == StatusCodes.Status400BadRequest && ctx.ProblemDetails.Detail is null)
            {
                ctx.ProblemDetails.Detail = "The request body is not valid JSON for this endpoint, or a field has the wrong type.";
            }
        });
        builder.Services.AddHttpClient<Doorman.Oidc.Metadata.ProviderProbe>(c => c.Timeout = TimeSpan.FromSeconds(15));

        var trusted = builder.Configuration.GetSection($"{DoormanOptions.Section}:TrustedProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // For: the audit log records the client's address, not the proxy's.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // ASP.NET Core trusts loopback by default; Doorman trusts only what the operator names.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in trusted)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
                else if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    o.KnownIPNetworks.Add(network);
                }
            }
        });
        return builder;
    }

    public static WebApplication UseDoormanHosting(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DoormanOptions>>().Value.TrustedProxies.Length > 0)
        {
            app.UseForwardedHeaders();
        }
        app.Use(RejectOversizedBodies);
        return app;
    }

    /// <summary>Kestrel enforces the cap on the wire; this answers a declared oversize with problem details at once.</summary>
    private static async Task RejectOversizedBodies(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentLength > MaxRequestBodyBytes)
        {
            await Problems.Problem(StatusCodes.Status413PayloadTooLarge, "request.too_large",
                    $"The request body is larger than {MaxRequestBodyBytes / 1024} KiB.")
                .ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
