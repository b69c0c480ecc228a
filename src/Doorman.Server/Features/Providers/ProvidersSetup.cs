namespace Doorman.Server.Features.Providers;

public static class ProvidersSetup
{
    public static IServiceCollection AddProviders(this IServiceCollection services) =>
        services.AddSingleton<ProviderSecrets>().AddSingleton<PublicUrls>().AddScoped<ProviderSettingsFactory>().AddScoped<ProviderService>();
}
