using System.Net;
using System.Text.Json;
using AppHost.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests.Dashboard;

/// <summary>/api/genai/* relays the aggregator's answers (a stand-in aggregator on loopback) and says 502 when it is away.</summary>
public sealed class GenAiProxyServerTests : IAsyncLifetime
{
    private DashboardFixture _dashboard = null!;
    private WebApplication _aggregator = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _aggregator = builder.Build();
        _aggregator.MapGet("/stats", (string? window) => Results.Json(new { window, requests = 12 }));
        _aggregator.MapGet("/stats/timeseries", (string? metric, string? step) => Results.Json(new { metric, step, points = new[] { 1, 2 } }));
        _aggregator.MapGet("/alerts", () => Results.Json(new { alerts = new[] { new { name = "HighErrorRate", state = "firing" } } }));
        _aggregator.MapGet("/rules", () => Results.Json(new { rules = new[] { "HighErrorRate" } }));
        _aggregator.MapGet("/stats/top", () => Results.Problem("bad 'by'", statusCode: 400));
        await _aggregator.StartAsync();
        _dashboard = await DashboardFixture.StartAsync();
        _dashboard.Catalog.AggregatorUrl = new Uri($"http://127.0.0.1:{port}");
    }

    public async Task DisposeAsync()
    {
        await _dashboard.DisposeAsync();
        await _aggregator.DisposeAsync();
    }

    [Fact]
    public async Task StatsTimeseriesAndAlertsAreTheAggregatorsBodiesWithTheQueryPassedOn()
    {
        using var stats = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/genai/stats?window=5m"));
        using var series = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/genai/timeseries?metric=ttft&window=1h&step=1m"));
        using var alerts = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/genai/alerts"));
        using var rules = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/genai/rules"));

        Assert.Equal("5m", stats.RootElement.GetProperty("window").GetString());
        Assert.Equal(12, stats.RootElement.GetProperty("requests").GetInt32());
        Assert.Equal("ttft", series.RootElement.GetProperty("metric").GetString());
        Assert.Equal("1m", series.RootElement.GetProperty("step").GetString());
        Assert.Equal("firing", alerts.RootElement.GetProperty("alerts")[0].GetProperty("state").GetString());
        Assert.Equal("HighErrorRate", rules.RootElement.GetProperty("rules")[0].GetString());
    }

    [Fact]
    public async Task TheAggregatorsOwnClientErrorIsRelayed()
    {
        using var response = await _dashboard.Browser.GetAsync("/api/genai/top?by=nonsense");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("bad 'by'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnreachableAggregatorIsABadGatewayProblem()
    {
        await _aggregator.StopAsync();

        using var response = await _dashboard.Browser.GetAsync("/api/genai/stats");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task NoAggregatorYetIsABadGatewayProblem()
    {
        _dashboard.Catalog.AggregatorUrl = null;

        using var response = await _dashboard.Browser.GetAsync("/api/genai/alerts");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("not started", await response.Content.ReadAsStringAsync());
    }
}
