using Doorman.Data;
using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Doorman.Server.Pages.Admin.Providers;

public sealed class IndexModel(DoormanDbContext db) : AdminPageModel(db)
{
    public sealed record Row(IdentityProvider Provider, DateTime? LastSignIn);

    public List<Row> Providers { get; private set; } = [];

    protected override string Section => "providers";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var providers = await Db.IdentityProviders.AsNoTracking().Include(p => p.Domains).OrderBy(p => p.DisplayName).ToListAsync(cancellationToken);
        var lastSignIns = await Db.ExternalLogins.GroupBy(l => l.ProviderId)
            .Select(g => new { ProviderId = g.Key, Last = g.Max(l => l.LastSignInAt) })
            .ToDictionaryAsync(x => x.ProviderId, x => x.Last, cancellationToken);
        Providers = [.. providers.Select(p => new Row(p, lastSignIns.GetValueOrDefault(p.Id)))];
    }

    public static string TypeName(ProviderType type) => TypeName(Features.Providers.ProviderTypes.Name(type));

    public static string TypeName(string type) => type switch
    {
        "entra" => "Microsoft Entra ID",
        "google" => "Google Workspace",
        "okta" => "Okta",
        "auth0" => "Auth0",
        "keycloak" => "Keycloak",
        _ => "OpenID Connect",
    };
}
