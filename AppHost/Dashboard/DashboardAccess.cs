using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AppHost.Dashboard;

/// <summary>
/// The two secrets of a dashboard run: the browser token (exchanged once at <c>/login?t=</c> for the
/// <see cref="CookieName"/> cookie) and the OTLP API key the services send in <see cref="ApiKeyHeader"/>.
/// Both are 32 random bytes, base64url, new each run, compared in constant time.
/// </summary>
internal sealed class DashboardAccess
{
    /// <summary>The browser cookie's name.</summary>
    public const string CookieName = "dashboard_auth";

    /// <summary>The OTLP request header carrying the API key.</summary>
    public const string ApiKeyHeader = "x-otlp-api-key";

    /// <summary>A fresh token and API key.</summary>
    public DashboardAccess()
        : this(NewSecret(), NewSecret())
    {
    }

    /// <summary>Fixed secrets (tests).</summary>
    public DashboardAccess(string browserToken, string apiKey)
    {
        BrowserToken = browserToken;
        ApiKey = apiKey;
    }

    /// <summary>The token in the printed login URL (and the cookie value).</summary>
    public string BrowserToken { get; }

    /// <summary>The key services send with every OTLP export.</summary>
    public string ApiKey { get; }

    /// <summary>Whether the request carries the dashboard cookie.</summary>
    public bool HasCookie(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName, out var value) && SameSecret(value, BrowserToken);

    /// <summary>Whether <paramref name="token"/> is this run's browser token.</summary>
    public bool IsBrowserToken(string? token) => SameSecret(token, BrowserToken);

    /// <summary>Whether the request carries this run's OTLP API key.</summary>
    public bool HasApiKey(HttpRequest request) => SameSecret(request.Headers[ApiKeyHeader].ToString(), ApiKey);

    private static bool SameSecret(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static string NewSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
}
