using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Tests.Shared;

namespace EndToEnd.Tests;

/// <summary>The topology as the AppHost runs it under DCP: requests travel inference → cache queue → aggregator.</summary>
[Collection(AspireCollection.Name)]
public sealed class AppHostServerTests(AspireApp aspire)
{
    private static readonly TimeSpan s_countTimeout = TimeSpan.FromSeconds(60);

    // Each probe is an HTTP round to a service.
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task RequestsToTheInferenceEndpointAreCountedExactlyByTheAggregator()
    {
        using var inference = aspire.Client("inference");
        using var aggregator = aspire.Client("aggregator");
        var before = await CountedAsync(aggregator);

        for (var i = 0; i < 3; i++)
        {
            using var response = await inference.PostAsJsonAsync("/generate", new { prompt = "In the beginning", max_tokens = 4 });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var counted = before;
        await Eventually.TrueAsync(async () => (counted = await CountedAsync(aggregator)) >= before + 3, "the aggregator to count the 3 requests", s_countTimeout, () => $"{counted - before} counted", s_poll);
        Assert.Equal(before + 3, counted);
    }

    [Fact]
    public async Task BothServicesReachTheCacheTheAppHostChose()
    {
        foreach (var service in new[] { "inference", "aggregator" })
        {
            using var client = aspire.Client(service);
            using var health = JsonDocument.Parse(await client.GetStringAsync("/health"));

            Assert.Equal("Healthy", health.RootElement.GetProperty("checks").GetProperty("cache").GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task EveryMetricTheGrafanaDashboardReadsIsExported()
    {
        using var inference = aspire.Client("inference");
        using var aggregator = aspire.Client("aggregator");
        // One refused and one served request, so that the error and the success series exist.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await inference.PostAsJsonAsync("/generate", new { prompt = "   " })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await inference.PostAsJsonAsync("/generate", new { prompt = "And God said", max_tokens = 2 })).StatusCode);

        var wanted = GrafanaDashboard.Expressions().SelectMany(GrafanaDashboard.MetricNames).ToHashSet(StringComparer.Ordinal);
        Assert.True(wanted.Count >= 10, "the dashboard reads " + string.Join(", ", wanted));
        List<string> missing = [.. wanted];
        // The aggregator's window gauges refresh every 10 s: poll until every name the dashboard reads is exported.
        await Eventually.TrueAsync(async () =>
        {
            var exported = await inference.GetStringAsync("/metrics") + "\n" + await aggregator.GetStringAsync("/metrics");
            var names = exported.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('{', ' ')[0]).ToHashSet(StringComparer.Ordinal);
            missing = [.. wanted.Where(w => !names.Contains(w))];
            return missing.Count == 0;
        }, "every metric the dashboard reads to be exported", TimeSpan.FromSeconds(40), () => "not exported: " + string.Join(", ", missing), s_poll);
    }

    private static async Task<long> CountedAsync(HttpClient aggregator)
    {
        using var stats = JsonDocument.Parse(await aggregator.GetStringAsync("/stats?window=5m&route=generate"));
        return stats.RootElement.GetProperty("requests").GetInt64();
    }
}
