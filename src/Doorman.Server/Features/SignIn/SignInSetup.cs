using System.Threading.RateLimiting;
using Doorman.Oidc.Metadata;
using Doorman.Server.Features.Mfa;
using Doorman.Oidc.SignIn;
using Doorman.Server.Hosting;

namespace Doorman.Server.Features.SignIn;

public static class SignInSetup
{
    public const string BackchannelClient = "Doorman.Backchannel";
    public const string PasswordRateLimit = "password";

    public static WebApplicationBuilder AddSignIn(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var lifetime = builder.Configuration.GetSection($"{DoormanOptions.Section}:Session").Get<SessionLifetimeOptions>()?.Lifetime
                       ?? new SessionLifetimeOptions().Lifetime;
        services.AddRazorPages();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, TenantAdminHandler>();
        services.AddAuthorizationBuilder().AddPolicy(TenantAdminRequirement.Policy, p => p
            .AddAuthenticationSchemes(Sessions.Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new TenantAdminRequirement()));
        services.AddAuthentication(Sessions.Scheme).AddCookie(Sessions.Scheme, o => Sessions.Configure(o, lifetime));

        // Password guessing: 20 attempts a minute per client address, whatever the emails tried.
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PasswordRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) }));
        });

        // Token and userinfo calls: no cookies, no redirects (a provider must answer, not bounce us elsewhere).
        services.AddHttpClient(BackchannelClient, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddSingleton<ProviderMetadataCache>();
        services.AddSingleton(sp => new RelyingParty(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(BackchannelClient),
            sp.GetRequiredService<ProviderMetadataCache>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<SignInFlows>();
        services.AddScoped<AccountResolver>();
        services.AddScoped<SsoSignIn>();
        services.AddScoped<LoginRouter>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<SignInCompletion>();
        services.AddLocalMfa();
        return builder;
    }

    public static WebApplication MapSignIn(this WebApplication app)
    {
        app.MapGet("/me", SessionApi.MeAsync);
        app.MapRazorPages();
        return app;
    }
}
