using System.Net;
using System.Text.Json;
using AppHost.Dashboard.Storage;

namespace AppHost.Tests.Dashboard;

public sealed class LogsApiServerTests : IAsyncLifetime
{
    private readonly TelemetryStores _stores = new();
    private DashboardFixture _dashboard = null!;

    public async Task InitializeAsync() => _dashboard = await DashboardFixture.StartAsync(_stores);

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();

    [Theory]
    [InlineData("/api/logs?limit=abc", "limit")]
    [InlineData("/api/logs?limit=0", "limit")]
    [InlineData("/api/logs?level=Loud", "level")]
    [InlineData("/api/logs?after=-3", "after")]
    [InlineData("/api/logs?traceId=not-hex", "traceId")]
    [InlineData("/api/traces?errorsOnly=maybe", "errorsOnly")]
    [InlineData("/api/traces/zz", "traceId")]
    [InlineData("/api/metrics/series?name=x", "resource")]
    public async Task ABadQueryIsAProblemNamingTheParameterWithARequestId(string url, string parameter)
    {
        using var response = await _dashboard.Browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(parameter, problem.RootElement.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task LogsAreFilteredAndALimitAboveTheMaximumIsClamped()
    {
        for (var i = 0; i < 1_200; i++)
        {
            _stores.Logs.Add(TelemetryFactory.Log("line " + i, i % 2 == 0 ? "Information" : "Error"), "inference-0");
        }

        using var errors = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/logs?level=error&limit=5000"));
        var items = errors.RootElement.GetProperty("items");

        Assert.Equal(600, items.GetArrayLength());
        Assert.Equal(600, errors.RootElement.GetProperty("total").GetInt32());
        Assert.Equal("line 1199", items[599].GetProperty("message").GetString());
        Assert.Equal(0, errors.RootElement.GetProperty("dropped").GetInt64());
    }

    [Fact]
    public async Task UnknownTracesAndInstrumentsAreNotFound()
    {
        using var trace = await _dashboard.Browser.GetAsync("/api/traces/0123456789abcdef0123456789abcdef");
        using var series = await _dashboard.Browser.GetAsync("/api/metrics/series?resource=svc&name=none");

        Assert.Equal(HttpStatusCode.NotFound, trace.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, series.StatusCode);
    }
}
