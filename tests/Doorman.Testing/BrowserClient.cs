using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;

namespace Doorman.Testing;

/// <summary>
/// A browser stand-in for protocol tests: one cookie jar across Doorman (in memory) and real identity
/// providers (over loopback), redirects followed by hand so each hop can be inspected or tampered with,
/// and form_post pages submitted the way a browser's script would.
/// </summary>
public sealed partial class BrowserClient : IDisposable
{
    public const string DoormanOrigin = "http://doorman.test";
    private const int MaxHops = 25;

    private readonly CookieContainer _cookies = new();
    private readonly HttpMessageInvoker _doorman;
    private readonly HttpMessageInvoker _network;

    public BrowserClient(TestServer doorman, HttpMessageHandler? network = null)
    {
        _doorman = new HttpMessageInvoker(doorman.CreateHandler());
        _network = new HttpMessageInvoker(network ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    public CookieContainer Cookies => _cookies;

    /// <summary>The client address Doorman sees (default 192.0.2.10): a test of per-address limits picks its own.</summary>
    public string? Peer { get; init; }

    /// <summary>One request, no redirect followed.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var cookie = _cookies.GetCookieHeader(uri);
        if (cookie.Length > 0)
        {
            request.Headers.Add("Cookie", cookie);
        }
        var invoker = uri.GetLeftPart(UriPartial.Authority) == DoormanOrigin ? _doorman : _network;
        if (Peer is not null && invoker == _doorman)
        {
            request.Headers.Add(PeerAddressFilter.Header, Peer);
        }
        var response = await invoker.SendAsync(request, CancellationToken.None);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                // CookieContainer refuses SameSite=None without Secure on http; tests run on http.
                _cookies.SetCookies(uri, header.Replace("samesite=none", "samesite=lax", StringComparison.OrdinalIgnoreCase));
            }
        }
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> form) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) });

    /// <summary>
    /// Follows redirects (and auto-submitting form_post pages) from <paramref name="url"/> until
    /// <paramref name="stopAt"/> says stop before a hop, or a final answer arrives. Returns the last
    /// response and the URL it answered.
    /// </summary>
    public async Task<(HttpResponseMessage Response, Uri Url)> FollowAsync(
        string url, Func<Uri, bool>? stopAt = null, HttpResponseMessage? first = null)
    {
        var current = new Uri(url);
        var response = first ?? await GetAsync(url);
        for (var hop = 0; hop < MaxHops; hop++)
        {
            if (response.Headers.Location is { } location)
            {
                var next = new Uri(current, location);
                if (stopAt?.Invoke(next) == true)
                {
                    return (response, next);
                }
                current = next;
                response = await GetAsync(next.ToString());
                continue;
            }
            if (await AutoPostAsync(response) is { } post)
            {
                var target = new Uri(current, post.Action);
                if (stopAt?.Invoke(target) == true)
                {
                    return (response, target);
                }
                current = target;
                response = await PostFormAsync(target.ToString(), post.Fields);
                continue;
            }
            return (response, current);
        }
        throw new InvalidOperationException($"More than {MaxHops} redirects from {url}.");
    }

    /// <summary>A form_post answer: an HTML page whose script posts a form of hidden fields on load.</summary>
    private static async Task<(string Action, List<KeyValuePair<string, string>> Fields)?> AutoPostAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
        {
            return null;
        }
        var html = await response.Content.ReadAsStringAsync();
        var form = FormPattern().Match(html);
        var action = ActionPattern().Match(form.Groups["attrs"].Value);
        if (!form.Success || !action.Success || !html.Contains("submit()", StringComparison.Ordinal))
        {
            return null;
        }
        var fields = HiddenPattern().Matches(form.Groups["body"].Value)
            .Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)))
            .ToList();
        return (WebUtility.HtmlDecode(action.Groups["action"].Value), fields);
    }

    public void Dispose()
    {
        _doorman.Dispose();
        _network.Dispose();
    }

    [GeneratedRegex("<form(?<attrs>[^>]*)>(?<body>.*?)</form>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("action=\"(?<action>[^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ActionPattern();

    [GeneratedRegex("<input[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenPattern();
}
