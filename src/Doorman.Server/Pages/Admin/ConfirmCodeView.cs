namespace Doorman.Server.Pages.Admin;

/// <summary>The "enter the code we mailed you" step before a risky change: where to post it, and what it confirms.</summary>
public sealed record ConfirmCodeView(string Action, string What, string Email, string? Error, IReadOnlyDictionary<string, string> Hidden);
