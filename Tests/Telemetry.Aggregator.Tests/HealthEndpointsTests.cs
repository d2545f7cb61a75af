using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Aggregator.Alerts;
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
    public async Task RulesListTheConfiguredRulesAndAlertsAnswersActiveFiringFirstAndRecent()
    {
        using var client = factory.CreateClient();
        var store = factory.Services.GetRequiredService<AlertStore>();
        var at = DateTimeOffset.UtcNow;
        var firing = new AlertState("test-firing|all", "test-firing", "critical", "firing", at, at, null, 0.3, 0.05, "5m", ["req-1"]);
        await store.SaveAsync("a-test-pending|all", new AlertState("a-test-pending|all", "a-test-pending", "warning", "pending", at, null, null, 900, 500, "5m"), default);
        await store.SaveAsync(firing.Key, firing, default);
        await store.RecordAsync(new AlertNotification(firing, "[FIRING] test-firing (critical)", Delivered: true, at), default);

        using var rules = JsonDocument.Parse(await client.GetStringAsync("/rules"));
        using var alerts = JsonDocument.Parse(await client.GetStringAsync("/alerts"));

        var names = rules.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToArray();
        Assert.Contains("latency-slo-2s", names);
        Assert.Equal("slo_burn", rules.RootElement.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "latency-slo-2s").GetProperty("kind").GetString());
        var active = alerts.RootElement.GetProperty("active").EnumerateArray().Where(a => a.GetProperty("key").GetString()!.Contains("test-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["firing", "pending"], active.Select(a => a.GetProperty("state").GetString()));
        Assert.Equal("test-firing|all", active[0].GetProperty("key").GetString());
        var recent = Assert.Single(alerts.RootElement.GetProperty("recent").EnumerateArray(), r => r.GetProperty("text").GetString() == "[FIRING] test-firing (critical)");
        Assert.True(recent.GetProperty("delivered").GetBoolean());
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
