using Microsoft.AspNetCore.Authentication;

namespace Doorman.Server.Features.ApiKeys;

public static class AdminApi
{
    public const string Policy = "AdminApi";

    public static WebApplicationBuilder AddAdminApiAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return builder;
    }
}
