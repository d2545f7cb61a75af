using System.Net;
using System.Text.Json;
using Telemetry.Aggregator.Tests.Support;
using Tests.Shared;

namespace Telemetry.Aggregator.Tests.Stats;

/// <summary>
/// The stats routes of the running service, fed through the queue by its own consumers (see <see cref="SeededAggregatorFactory"/>:
/// seeded once before any test, on a pinned wall clock, so the tests share data but not an order).
/// </summary>
[Collection(ScrapedMetricsCollection.Name)]
public sealed class StatsApiServerTests(StatsFixture factory) : IClassFixture<StatsFixture>
{
    [Fact]
    public async Task StatsAnswerTheContractShapeWithExactCounts()
    {
        using var client = factory.CreateClient();

        var stats = await GetJsonAsync(client, "/stats?window=5m");

        Assert.Equal("5m", stats.GetProperty("window").GetString());
        Assert.Equal(StatsFixture.Count, stats.GetProperty("requests").GetInt64());
        Assert.Equal(20, stats.GetProperty("errors").GetProperty("total").GetInt64());
        Assert.Equal(20, stats.GetProperty("errors").GetProperty("by_type").GetProperty("timeout").GetInt64());
        Assert.Equal(0.02, stats.GetProperty("error_rate").GetDouble());
        Assert.Equal(Math.Round(1000 / 300.0, 4), stats.GetProperty("throughput").GetProperty("requests_per_s").GetDouble());
        foreach (var figure in new[] { "latency_ms", "ttft_ms", "tpot_ms" })
        {
            var q = stats.GetProperty(figure);
            Assert.True(q.GetProperty("p50").GetDouble() <= q.GetProperty("p99").GetDouble());
        }

        Assert.Equal(0.55, stats.GetProperty("cost_usd").GetDouble(), 9);
        var bigOnly = await GetJsonAsync(client, "/stats?window=5m&model=big&route=generate");
        Assert.Equal(250, bigOnly.GetProperty("requests").GetInt64());
        Assert.Equal(500, (await GetJsonAsync(client, "/stats?window=15m&tenant=acme")).GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task TimeseriesGivesOnePointPerStepSummingToTheWindow()
    {
        using var client = factory.CreateClient();

        var series = await GetJsonAsync(client, "/stats/timeseries?metric=requests&window=5m&step=1m");

        var points = series.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(5, points.Length);
        Assert.Equal(1000, points.Sum(p => p.GetProperty("v").GetDouble()));
        Assert.True(points[0].GetProperty("t").GetDateTimeOffset() < points[^1].GetProperty("t").GetDateTimeOffset());
    }

    [Fact]
    public async Task TopRanksTenantsByCost()
    {
        using var client = factory.CreateClient();

        var top = await GetJsonAsync(client, "/stats/top?by=cost&dim=tenant&window=1h");

        var items = top.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(["acme", "globex"], items.Select(i => i.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(0.5, items[0].GetProperty("value").GetDouble(), 9);
        Assert.Equal(500, items[0].GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task CostGivesTodaysAndThisMonthsSpendFromTheDailyCounters()
    {
        using var client = factory.CreateClient();
        var dayStart = new DateTimeOffset(StatsFixture.Now.Date, TimeSpan.Zero);
        var monthStart = new DateTimeOffset(StatsFixture.Now.Year, StatsFixture.Now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        double Expected(DateTimeOffset from, string? tenant = null) => Enumerable.Range(0, StatsFixture.Count)
            .Where(i => StatsFixture.Now.AddSeconds(-(i % 50)) >= from && (tenant is null || tenant == StatsFixture.Tenant(i)))
            .Sum(StatsFixture.Cost);

        var day = await GetJsonAsync(client, "/stats/cost");
        var month = await GetJsonAsync(client, "/stats/cost?period=month");
        var acme = await GetJsonAsync(client, "/stats/cost?period=day&tenant=acme");

        Assert.Equal("day", day.GetProperty("period").GetString());
        Assert.Equal(monthStart, month.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(dayStart, day.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(Expected(dayStart), day.GetProperty("cost_usd").GetDouble(), 9);
        Assert.Equal(Expected(monthStart), month.GetProperty("cost_usd").GetDouble(), 9);
        Assert.Equal(Expected(dayStart, "acme"), acme.GetProperty("cost_usd").GetDouble(), 9);
    }

    [Theory]
    [InlineData("/stats/cost?period=week", "period", "day, month")]
    [InlineData("/stats?window=7m", "window", "1m, 5m")]
    [InlineData("/stats/timeseries?metric=bogus", "metric", "latency_p95")]
    [InlineData("/stats/timeseries?metric=requests&window=5m&step=2m", "step", "1m")]
    [InlineData("/stats/top?by=cost&dim=planet", "dim", "tenant, model, route")]
    [InlineData("/stats/top?limit=0", "limit", "1 to 100")]
    [InlineData("/stats?tenant=acme&model=big", "tenant", "model and/or route")]
    public async Task BadParametersAnswerProblemJsonNamingTheParameterAndTheAllowedValues(string url, string parameter, string allowed)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, body.RootElement.GetProperty("parameter").GetString());
        Assert.Contains(allowed, body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task MetricsExposeTheRollingQuantilesAsGaugesAndTheIngestCounters()
    {
        using var client = factory.CreateClient();
        const string FiveMinutes = "telemetry_window_requests{otel_scope_name=\"Telemetry.Aggregator\",window=\"5m\"} 1000";
        const string OneMinute = "telemetry_window_requests{otel_scope_name=\"Telemetry.Aggregator\",window=\"1m\"} 1000";
        var text = string.Empty;

        // The gauges are recomputed on their own cycle: wait for one that has seen the fed requests.
        await Eventually.TrueAsync(async () => (text = await client.GetStringAsync("/metrics")).Contains(FiveMinutes, StringComparison.Ordinal)
            && text.Contains(OneMinute, StringComparison.Ordinal),
            "the window gauges to count the fed requests", poll: TimeSpan.FromMilliseconds(200), seen: () => string.Join('\n', text.Split('\n').Where(l => l.StartsWith("telemetry_window_requests", StringComparison.Ordinal))));

        Assert.Contains("telemetry_window_latency_milliseconds{otel_scope_name=\"Telemetry.Aggregator\",quantile=\"0.99\",window=\"5m\"}", text, StringComparison.Ordinal);
        Assert.Contains("gen_ai_request_model=\"big\"", text, StringComparison.Ordinal);
        Assert.Contains("telemetry_ingest_events{otel_scope_name=\"Telemetry.Aggregator\",result=\"applied\"} 1000", text, StringComparison.Ordinal);
        Assert.Contains("telemetry_aggregator_queue_length", text, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
