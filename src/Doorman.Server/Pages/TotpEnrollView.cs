namespace Doorman.Server.Pages;

/// <summary>Setting up an authenticator: the QR code (inline SVG), the key to type instead, and the form that confirms it.</summary>
public sealed record TotpEnrollView(string QrSvg, string Secret, string SealedSecret, string Action, string? Error);
