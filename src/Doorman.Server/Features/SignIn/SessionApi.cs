using Doorman.Data;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Doorman.Server.Features.SignIn;

public static class SessionApi
{
    public sealed record MeResponse(MeAccount Account, MeTenant Tenant, IReadOnlyList<string> Roles, string Method, Guid? ProviderId);
    public sealed record MeAccount(Guid Id, string Email, string? Name);
    public sealed record MeTenant(string Slug);

    /// <summary>Who is signed in in this browser. Reads the account fresh, so roles and status are current.</summary>
    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> MeAsync(
        HttpContext http, DoormanDbContext db, CancellationToken cancellationToken)
    {
        var session = await http.AuthenticateAsync(Sessions.Scheme);
        var account = session.Succeeded ? await Sessions.CurrentAccountAsync(http, db, cancellationToken) : null;
        if (account is null || session.Principal is null)
        {
            return Problems.Problem(StatusCodes.Status401Unauthorized, "session.none", "No one is signed in in this browser.");
        }
        var principal = session.Principal;
        return TypedResults.Ok(new MeResponse(
            new MeAccount(account.Id, account.Email, account.Name),
            new MeTenant(principal.FindFirst(Sessions.TenantSlugClaim)!.Value),
            account.Roles,
            principal.FindFirst(Sessions.MethodClaim)!.Value,
            Sessions.ProviderId(principal)));
    }
}
