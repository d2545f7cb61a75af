using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Telemetry.Aggregator.Tests.Support;

namespace Telemetry.Aggregator.Tests;

public sealed class HealthEndpointsServerTests(AggregatorFactory factory) : IClassFixture<AggregatorFactory>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task HealthEndpointsAnswerHealthyWithTheCacheUp(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"Healthy\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthReportsTheCacheAndTheConsumerLag()
    {
        using var client = factory.CreateClient();

        using var body = JsonDocument.Parse(await client.GetStringAsync("/health"));

        var checks = body.RootElement.GetProperty("checks").EnumerateObject().Select(c => c.Name).ToArray();
        Assert.Contains("cache", checks);
        Assert.Contains("consumer", checks);
    }
}

public sealed class AlertsApiServerTests(AggregatorFactory factory) : IClassFixture<AggregatorFactory>
{
    [Fact]
    public async Task RulesListTheConfiguredRulesAndAlertsAnswersActiveAndRecent()
    {
        using var client = factory.CreateClient();

        using var rules = JsonDocument.Parse(await client.GetStringAsync("/rules"));
        using var alerts = JsonDocument.Parse(await client.GetStringAsync("/alerts"));

        var names = rules.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToArray();
        Assert.Contains("latency-slo-2s", names);
        Assert.Equal("slo_burn", rules.RootElement.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "latency-slo-2s").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Array, alerts.RootElement.GetProperty("active").ValueKind);
        Assert.Equal(JsonValueKind.Array, alerts.RootElement.GetProperty("recent").ValueKind);
    }
}

public sealed class HealthWithoutCacheTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task WithoutACacheTheServiceStaysUpAndReportsDegradedNamingTheSetting()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"Degraded\"", body, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:cache", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
    }
}
