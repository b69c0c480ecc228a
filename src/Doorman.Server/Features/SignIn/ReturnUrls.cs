namespace Doorman.Server.Features.SignIn;

/// <summary>Where a sign-in may send the browser afterwards: a local path only, so Doorman is never an open redirect.</summary>
public static class ReturnUrls
{
    public const string Default = "/";

    public static string Local(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2048 || returnUrl[0] != '/')
        {
            return Default;
        }
        // "//host" and "/\host" are protocol-relative URLs to another site in browsers.
        if (returnUrl.Length > 1 && returnUrl[1] is '/' or '\\')
        {
            return Default;
        }
        return returnUrl.Any(char.IsControl) ? Default : returnUrl;
    }
}
