using Doorman.Oidc.SignIn;

namespace Doorman.Server.Features.SignIn;

/// <summary>What a person reads on the error page: what happened and what to do, per code.</summary>
public sealed record SignInErrorText(string Code, string Title, string WhatToDo, string? Details)
{
    private const string StartAgain = "Start again from your organization's sign-in page.";
    private const string AskAdmin = "Ask your organization's administrator for help and quote the error code below.";

    public static SignInErrorText For(SignInError error) => error.Code switch
    {
        SignInErrorCodes.StateInvalid => new(error.Code, "Your sign-in could not be completed",
            "Your sign-in took too long or was started elsewhere; start again from your organization's sign-in page.", null),
        SignInErrorCodes.AccessDenied => new(error.Code, "Your identity provider refused the sign-in",
            "You may not be assigned to this application at your identity provider, or you cancelled. " + AskAdmin, error.Reason),
        SignInErrorCodes.IdpError => new(error.Code, "Your identity provider reported an error", StartAgain + " " + AskAdmin, error.Reason),
        SignInErrorCodes.IssuerMismatch => new(error.Code, "The answer did not come from your identity provider",
            StartAgain + " If this happens again, " + char.ToLowerInvariant(AskAdmin[0]) + AskAdmin[1..], error.Reason),
        SignInErrorCodes.CodeRejected => new(error.Code, "Your sign-in could not be completed",
            "The sign-in was already used or took too long. " + StartAgain, null),
        SignInErrorCodes.ConfigurationError => new(error.Code, "Single sign-on is not set up correctly",
            "The connection to your identity provider needs attention, for example an expired client secret. " +
            "Your administrator has been told in the audit log. " + AskAdmin, error.Reason),
        SignInErrorCodes.ProviderUnreachable => new(error.Code, "Your identity provider could not be reached",
            "Try again in a few minutes. If it keeps happening, " + char.ToLowerInvariant(AskAdmin[0]) + AskAdmin[1..], error.Reason),
        SignInErrorCodes.TokenInvalid or SignInErrorCodes.UserInfoInvalid => new(error.Code, "Your sign-in could not be verified",
            "The identity provider's answer failed a security check, so you were not signed in. " + StartAgain + " " + AskAdmin, error.Reason),
        SignInErrorCodes.EmailUnverified => new(error.Code, "Your email address is not verified",
            "Your identity provider does not confirm that your email address is verified. Verify it there, then sign in again.", null),
        "sso.provider_not_found" => new(error.Code, "This sign-in link is not valid",
            "The link may be mistyped or the connection removed. " + StartAgain, null),
        "sso.provider_disabled" => new(error.Code, "This sign-in option is turned off",
            "Your administrator has turned this identity provider off or has not finished setting it up. " + AskAdmin, null),
        "sso.account_not_found" => new(error.Code, "You don't have an account here yet",
            "Your organization creates accounts by hand. Ask your administrator to add you, then sign in again.", null),
        "sso.account_disabled" => new(error.Code, "Your account is disabled", AskAdmin, null),
        "sso.account_link_refused" => new(error.Code, "An account with your email already exists",
            "It could not be connected to this sign-in automatically. " + AskAdmin, error.Reason),
        "sso.identity_in_use" => new(error.Code, "This sign-in belongs to another account",
            "The identity you signed in with is already linked to another account here. Sign in with it to use that account, or " +
            char.ToLowerInvariant(AskAdmin[0]) + AskAdmin[1..], null),
        "sso.email_missing" => new(error.Code, "Your identity provider did not send an email address",
            "An account can only be created with an email address. " + AskAdmin, null),
        "sso.seats_full" => new(error.Code, "Your organization has no free seats",
            "Every seat of your organization's plan is taken. Ask your administrator to free a seat or add seats.", null),
        "login.password_invalid" => new(error.Code, "The email or password is not right",
            $"Check both and try again. After {TryLimit.Password.Max} wrong passwords in a row, password sign-in to an account pauses " +
            $"for {TryLimit.Password.PauseFor.TotalMinutes:0} minutes.", null),
        "login.tenant_not_found" => new(error.Code, "This organization does not exist",
            "Check the sign-in address you were given.", null),
        _ => new(error.Code, "You could not be signed in", StartAgain + " " + AskAdmin, error.Reason),
    };
}
