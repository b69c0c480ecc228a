using Microsoft.AspNetCore.Http.HttpResults;

namespace Doorman.Server.Hosting;

/// <summary>
/// RFC 9457 answers with a stable <c>code</c>, the one place API errors take their shape.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, $"{what}.not_found", $"No {what} with that identifier exists here.");

    public static ProblemHttpResult Conflict(string code, string detail) =>
        Problem(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, "auth.forbidden", detail);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            detail: "The request has invalid fields; see 'errors'.",
            type: TypeFor("validation_failed"),
            extensions: new Dictionary<string, object?> { ["code"] = "validation_failed" });

    public static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            type: TypeFor(code),
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static string TypeFor(string code) => $"urn:doorman:problem:{code}";
}
