using Doorman.Data.Entities;
using Doorman.Server.Features.Accounts;
using Doorman.Server.Features.ApiKeys;
using Doorman.Server.Features.Audit;
using Doorman.Server.Features.Health;
using Doorman.Server.Features.Notices;
using Doorman.Server.Features.Providers;
using Doorman.Server.Features.SignIn;
using Doorman.Server.Features.Tenants;
using Doorman.Server.Hosting;
using Doorman.Server.Features.Mail;
using Doorman.Server.Features.Scim;
using Doorman.Server.Pages.Operator;
using Microsoft.AspNetCore.Identity;

// appsettings.json ships beside the binary; the working directory is the operator's (./data lives there).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddDoormanHosting();
builder.AddDoormanStorage();
builder.AddAdminApiAuthentication();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<TenantContext>();
builder.Services.AddScoped<AuditLog>();
builder.Services.AddScoped<AccountService>();
builder.Services.AddScoped<Doorman.Server.Features.Scim.ScimContext>();
builder.Services.AddScoped<Doorman.Server.Features.Scim.ScimUsers>();
builder.Services.AddScoped<Doorman.Server.Features.Scim.ScimGroups>();
builder.Services.AddScoped<Doorman.Server.Features.Scim.ScimRoles>();
builder.Services.AddScoped<Doorman.Server.Features.Scim.ScimTokenService>();
builder.Services.AddScoped<Doorman.Server.Features.Confirmations.ConfirmationCodes>();
builder.Services.AddScoped<ApiKeyService>();
builder.Services.AddScoped<TenantService>();
builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
builder.Services.AddProviders();
builder.AddSignIn();
builder.AddNotices();
builder.AddOperatorPages();

var app = builder.Build();
await app.PrepareDatabaseAsync();
await app.ApplyBootstrapKeyAsync();

app.UseDoormanHosting();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapHealthApi();
app.MapTenantsApi()
    .MapApiKeysApi()
    .MapAccountsApi()
    .MapProvidersApi()
    .MapAuditApi()
    .MapScimTokensApi();
app.MapSignIn();
app.MapOutboxApi();
app.MapScim();

app.Run();

public partial class Program;
