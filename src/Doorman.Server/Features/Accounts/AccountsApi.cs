using Doorman.Server.Features.Tenants;
using Doorman.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Doorman.Server.Features.Accounts;

public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/accounts", CreateAsync);
        tenant.MapGet("/accounts", ListAsync);
        tenant.MapGet("/accounts/{id:guid}", GetAsync);
        tenant.MapPatch("/accounts/{id:guid}", UpdateAsync);
        tenant.MapDelete("/accounts/{id:guid}/external-logins/{providerId:guid}", UnlinkAsync);
        return tenant;
    }

    private static async Task<Results<Created<AccountResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateAccountRequest request, TenantContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var saved = await accounts.CreateAsync(context.Tenant, context.Caller.Actor, request, cancellationToken);
        return saved switch
        {
            { Errors: { } errors } => Problems.Validation(errors),
            { Conflict: { } conflict } => Problems.Conflict(conflict.Code, conflict.Detail),
            _ => TypedResults.Created($"/api/tenants/{context.Tenant.Slug}/accounts/{saved.Account!.Id}", AccountResponse.From(saved.Account)),
        };
    }

    private static async Task<Ok<List<AccountResponse>>> ListAsync(string? email, AccountService accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok((await accounts.ListAsync(email, 1000, cancellationToken)).Select(AccountResponse.From).ToList());

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAsync(
        Guid id, AccountService accounts, CancellationToken cancellationToken) =>
        await accounts.FindAsync(id, cancellationToken) is { } account
            ? TypedResults.Ok(AccountResponse.From(account))
            : Problems.NotFound("account");

    private static async Task<Results<Ok<AccountResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateAccountRequest request, TenantContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var saved = await accounts.UpdateAsync(context.Tenant, context.Caller.Actor, id, request, cancellationToken);
        return saved switch
        {
            { Errors: { } errors } => Problems.Validation(errors),
            { Conflict: { } conflict } => Problems.Conflict(conflict.Code, conflict.Detail),
            { Account: { } account } => TypedResults.Ok(AccountResponse.From(account)),
            _ => Problems.NotFound("account"),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnlinkAsync(
        Guid id, Guid providerId, TenantContext context, AccountService accounts, CancellationToken cancellationToken) =>
        await accounts.UnlinkAsync(context.Tenant, context.Caller.Actor, id, providerId, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound("external_login");
}
