using System.Text.Json;

namespace LoadGen.Tests;

public sealed class StatsCheckTests
{
    private static JsonElement Stats(long requests, double p50, double p95, double p99) =>
        JsonDocument.Parse(FormattableString.Invariant($$$"""{"window":"5m","requests":{{{requests}}},"latency_ms":{"p50":{{{p50}}},"p90":0,"p95":{{{p95}}},"p99":{{{p99}}}}}""")).RootElement;

    private static CheckPopulation Client(double p50, double p95, double p99) => new(1000, 1000, new QuantileSummary(1000, p50, p95, p95, p99, p99));

    [Fact]
    public void ClientSlightlyAboveServerAgrees()
    {
        var (agree, text) = StatsCheck.Compare(Stats(1000, 40, 90, 120), Client(44, 95, 128));
        Assert.True(agree, text);
    }

    [Fact]
    public void ClientFasterThanTheServerMeasuredDisagrees()
    {
        var (agree, text) = StatsCheck.Compare(Stats(1000, 40, 90, 120), Client(30, 95, 128));
        Assert.False(agree);
        Assert.Contains("latency p50 server 40.00 ms vs client 30.00 ms", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequestsDisagree()
    {
        var (agree, text) = StatsCheck.Compare(Stats(900, 40, 90, 120), Client(44, 95, 128));
        Assert.False(agree);
        Assert.Contains("requests server 900 vs client ok 1000", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TailQuantileWithTooFewSamplesAboveItIsShownButNotJudged()
    {
        var client = new CheckPopulation(20, 20, new QuantileSummary(20, 44, 400, 400, 500, 500));
        var (agree, text) = StatsCheck.Compare(Stats(20, 40, 90, 120), client);
        Assert.True(agree, text);
        Assert.Contains("not judged", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WarmUpRequestsCountInTheComparedLatencyLikeTheyDoOnTheServer()
    {
        // The aggregator's window holds the slow first requests too: leaving them out of the client's side made its
        // p99 read below the server's.
        var warmup = Enumerable.Range(0, 20).Select(i => Sample(i < 2 ? 0.200 : 0.030)).ToArray();
        var run = Enumerable.Range(0, 100).Select(_ => Sample(0.030)).Append(new RequestSample(429, "rejected", 0.001, 0.001, double.NaN, -1, 1)).ToArray();

        var population = CheckPopulation.From(warmup, run);

        Assert.Equal(120, population.Succeeded);
        Assert.Equal(121, population.WithStatus);
        Assert.Equal(120, population.LatencyMs.Count);
        Assert.Equal(200, population.LatencyMs.Max, 3);
    }

    private static RequestSample Sample(double seconds) => new(200, null, seconds, seconds, seconds / 2, 8, -1, Streamed: true);
}
