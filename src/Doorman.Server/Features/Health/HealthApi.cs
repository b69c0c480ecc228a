using Doorman.Data;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Doorman.Server.Features.Health;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync);
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> CheckAsync(
        DoormanDbContext db, CancellationToken cancellationToken) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? TypedResults.Ok(new HealthResponse("ok"))
            : Problems.Problem(StatusCodes.Status503ServiceUnavailable, "health.database_unavailable", "The database cannot be reached.");

    public sealed record HealthResponse(string Status);
}
