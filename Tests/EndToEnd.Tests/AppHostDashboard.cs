using System.Net;
using System.Text.Json;
using TestSupport.Processes;

namespace EndToEnd.Tests;

/// <summary>
/// The dashboard of a running AppHost as a browser would reach it: the login URL the AppHost printed, then the JSON
/// API behind the pages, fed by the services' OTLP exports.
/// </summary>
internal sealed class AppHostDashboard : IDisposable
{
    private readonly HttpClient _http;

    private AppHostDashboard(HttpClient http) => _http = http;

    /// <summary>Reads the printed <c>AppHost: dashboard &lt;url&gt;</c> line and signs in with its one-time token.</summary>
    public static async Task<AppHostDashboard> SignInAsync(ChildProcess apphost)
    {
        var line = await AppHostProcess.WaitForLineAsync(apphost, l => l.StartsWith("AppHost: dashboard http://127.0.0.1:", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        var login = new Uri(line["AppHost: dashboard ".Length..].Trim());
        Assert.Matches("^t=[A-Za-z0-9_-]{40,}$", login.Query.TrimStart('?'));
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(login.GetLeftPart(UriPartial.Authority)),
        };
        using (var anonymous = await http.GetAsync("/api/resources"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var response = await http.GetAsync(login);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new AppHostDashboard(http);
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The resource row of an instance (the resource name with one replica, <c>name-i</c> with several).</summary>
    public async Task<JsonElement> ResourceAsync(string instance) =>
        (await GetAsync("/api/resources")).EnumerateArray().Single(r => r.GetProperty("instance").GetString() == instance);

    public void Dispose() => _http.Dispose();
}
