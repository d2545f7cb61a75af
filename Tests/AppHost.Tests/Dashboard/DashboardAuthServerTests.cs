using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AppHost.Dashboard;

namespace AppHost.Tests.Dashboard;

public sealed class DashboardAuthServerTests : IAsyncLifetime
{
    private DashboardFixture _dashboard = null!;

    public async Task InitializeAsync() => _dashboard = await DashboardFixture.StartAsync();

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();

    [Fact]
    public async Task AnApiCallWithoutTheCookieIsRefusedWithAProblemPointingAtThePrintedUrl()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_dashboard.Host.UiUrl) };

        using var response = await anonymous.GetAsync("/api/resources");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("printed by the AppHost", problem.RootElement.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task APageWithoutTheCookieIsRefusedWithAnHtmlPage()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_dashboard.Host.UiUrl) };

        using var response = await anonymous.GetAsync("/traces");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("printed by the AppHost", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LoginWithThePrintedTokenSetsAStrictHttpOnlyCookieAndRedirectsHome()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_dashboard.Host.UiUrl) };

        using var response = await client.GetAsync(new Uri(_dashboard.Host.LoginUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(DashboardAccess.CookieName + "=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LoginWithAWrongTokenSetsNoCookie()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_dashboard.Host.UiUrl) };

        using var response = await client.GetAsync("/login?t=not-the-token");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task AForgedCookieIsRefused()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(_dashboard.Host.UiUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/logs");
        request.Headers.Add("Cookie", DashboardAccess.CookieName + "=guess");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TheSignedInBrowserReadsTheApi()
    {
        using var response = await _dashboard.Browser.GetAsync("/api/resources");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnOtlpExportWithAWrongApiKeyIsRefused()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_dashboard.Host.OtlpUrl) };
        client.DefaultRequestHeaders.Add(DashboardAccess.ApiKeyHeader, "wrong");
        using var body = new ByteArrayContent([]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        using var wrongKey = await client.PostAsync("/v1/traces", body);
        client.DefaultRequestHeaders.Remove(DashboardAccess.ApiKeyHeader);
        using var noKey = await client.PostAsync("/v1/logs", body);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task EachPortServesOnlyItsOwnRoutes()
    {
        using var otlp = _dashboard.Otlp();
        using var body = new ByteArrayContent([]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        using var apiOnOtlpPort = await otlp.GetAsync("/api/resources");
        using var otlpOnUiPort = await _dashboard.Browser.PostAsync("/v1/traces", body);

        Assert.Equal(HttpStatusCode.NotFound, apiOnOtlpPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otlpOnUiPort.StatusCode);
    }

    [Fact]
    public void TheInjectedSettingsNameTheOtlpPortAndKeyAndTheDashboardForAlertLinks()
    {
        var env = _dashboard.Host.InjectedEnvironment;

        Assert.Equal(_dashboard.Host.OtlpUrl, env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("x-otlp-api-key=" + _dashboard.Host.Access.ApiKey, env["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal(_dashboard.Host.UiUrl + "/", env["Alerts__DashboardUrl"]);
        Assert.DoesNotContain(_dashboard.Host.Access.BrowserToken, env["Alerts__DashboardUrl"], StringComparison.Ordinal);
        Assert.Equal(43, _dashboard.Host.Access.BrowserToken.Length);
    }
}
