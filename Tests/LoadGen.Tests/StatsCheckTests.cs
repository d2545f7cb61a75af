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
}
