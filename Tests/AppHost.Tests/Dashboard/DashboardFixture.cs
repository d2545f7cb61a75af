using System.Net;
using AppHost.Dashboard;
using AppHost.Dashboard.Storage;

namespace AppHost.Tests.Dashboard;

/// <summary>A dashboard host on free loopback ports with a fake catalog, and a browser-like client already signed in.</summary>
internal sealed class DashboardFixture : IAsyncDisposable
{
    private DashboardFixture(DashboardHost host, FakeCatalog catalog, HttpClient browser)
    {
        Host = host;
        Catalog = catalog;
        Browser = browser;
    }

    public DashboardHost Host { get; }

    public FakeCatalog Catalog { get; }

    /// <summary>Signed in through /login (the cookie is in its container).</summary>
    public HttpClient Browser { get; }

    public static async Task<DashboardFixture> StartAsync(TelemetryStores? stores = null)
    {
        var catalog = new FakeCatalog();
        var host = await DashboardHost.StartAsync(catalog, stores: stores);
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(host.UiUrl), Timeout = TimeSpan.FromSeconds(30) };
        using var login = await browser.GetAsync("/login?t=" + host.Access.BrowserToken);
        return new DashboardFixture(host, catalog, browser);
    }

    /// <summary>A client for the OTLP port with the right API key.</summary>
    public HttpClient Otlp()
    {
        var client = new HttpClient { BaseAddress = new Uri(Host.OtlpUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(DashboardAccess.ApiKeyHeader, Host.Access.ApiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await Host.DisposeAsync();
    }
}
