namespace Doorman.Data;

/// <summary>The one place that says how emails and their domains compare: case-insensitively.</summary>
public static class EmailAddress
{
    public static string Normalize(string email) => email.Trim().ToUpperInvariant();

    /// <summary>The domain part, lower-cased; null when the text has no single '@' with text on both sides.</summary>
    public static string? DomainOf(string email)
    {
        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || trimmed.IndexOf('@') != at)
        {
            return null;
        }
        return trimmed[(at + 1)..].ToLowerInvariant();
    }
}
