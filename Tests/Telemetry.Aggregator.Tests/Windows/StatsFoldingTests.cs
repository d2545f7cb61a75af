using System.Globalization;
using ServiceDefaults.Events;
using Telemetry.Aggregator.Sketches;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Tests.Windows;

public sealed class StatsFoldingTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 10, 5, 3, TimeSpan.Zero);

    [Fact]
    public void AFiveMinuteWindowIsThirtyTenSecondBucketsEndingWithTheCurrentOne()
    {
        var starts = StatsWindow.Find("5m")!.BucketStarts(s_now);

        Assert.Equal(30, starts.Length);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 5, 0, TimeSpan.Zero).ToUnixTimeSeconds(), starts[^1]);
        Assert.Equal(starts[^1] - 290, starts[0]);
        Assert.Null(StatsWindow.Find("7m"));
    }

    [Fact]
    public void CountersByPrefixComeInOneOrderWhateverOrderTheBucketsWereFoldedIn()
    {
        KeyValuePair<string, long>[] first = [new("out:8", 3), new("out:0", 1), new("out:1024", 2), new("err:timeout", 1)];
        KeyValuePair<string, long>[] second = [new("out:128", 4), new("err:overloaded", 2), new("out:8", 5)];
        var forward = new WindowTotals();
        forward.Add(first);
        forward.Add(second);
        var backward = new WindowTotals();
        backward.Add(second);
        backward.Add(first);

        Assert.Equal(["0", "8", "128", "1024"], forward.WithPrefix("out:").Keys);
        Assert.Equal(forward.WithPrefix("out:"), backward.WithPrefix("out:"));
        Assert.Equal(forward.WithPrefix("out:").Keys, backward.WithPrefix("out:").Keys);
        Assert.Equal(["overloaded", "timeout"], backward.WithPrefix("err:").Keys);
        Assert.Equal(8, forward.WithPrefix("out:")["8"]);
    }

    [Theory]
    [InlineData("1h", 41)]
    [InlineData("30m", 35)]
    [InlineData("5m", 30)]
    [InlineData("6h", 72)]
    public void AWindowIsReadFromWholeCoarseBucketsWhereTheyFitAndCoversEachTenSecondsOnce(string name, int expectedKeys)
    {
        var window = StatsWindow.Find(name)!;

        var keys = Storage.WindowReader.WindowKeys(window, "all", s_now);

        // Every key names its width and start: expanded back to 10 s buckets they are the window's, each once.
        var covered = keys.SelectMany(key =>
        {
            var parts = key.Split(':');
            var (width, start) = (long.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture));
            Assert.Equal(0, start % width);
            return Enumerable.Range(0, (int)(width / window.Resolution.Seconds)).Select(i => start + (i * window.Resolution.Seconds));
        }).ToList();
        Assert.Equal(window.BucketStarts(s_now), covered);
        Assert.Equal(expectedKeys, keys.Count);
    }

    [Fact]
    public void EventsSpreadOverBucketsFoldIntoTheContractFigures()
    {
        var mapping = LogarithmicMapping.Default;
        var buckets = Enumerable.Range(0, 3).Select(_ => new Dictionary<string, long>()).ToArray();
        var latencies = new List<double>();
        for (var i = 0; i < 120; i++)
        {
            var failed = i % 40 == 0;
            var e = Event(i, failed, latency: 20 + i);
            latencies.Add(e.LatencyMs);
            foreach (var (field, inc) in EventFields.Increments(e, mapping))
            {
                buckets[i % 3][field] = buckets[i % 3].GetValueOrDefault(field) + inc;
            }
        }

        var totals = new WindowTotals();
        foreach (var bucket in buckets)
        {
            totals.Add(bucket);
        }

        var stats = StatsSnapshot.Fold(StatsWindow.Find("1m")!, s_now, totals, mapping);

        Assert.Equal(120, stats.Requests);
        Assert.Equal(3, stats.Errors.Total);
        Assert.Equal(3, stats.Errors.ByType["timeout"]);
        Assert.Equal(0.025, stats.ErrorRate);
        Assert.Equal(2.0, stats.Throughput.RequestsPerS);
        Assert.Equal(120 * 12, stats.Tokens.Input);
        Assert.Equal(120 * 0.000123, stats.CostUsd, 9);
        latencies.Sort();
        var exactP95 = latencies[(int)Math.Floor(0.95 * 119)];
        Assert.InRange(stats.LatencyMs!.P95, exactP95 * 0.99, exactP95 * 1.01);
        Assert.Null(stats.Feedback.SatisfactionRate);
    }

    [Fact]
    public void EveryEventCountsInAllItsModelItsRouteBothAndItsTenant()
    {
        var dims = EventFields.Dimensions(Event(1, false, 10) with { Tenant = "acme" }).ToArray();

        Assert.Equal(["all", "model:inkling", "route:generate", "model_route:inkling|generate", "tenant:acme"], dims);
    }

    private static RequestCompleted Event(int i, bool failed, double latency) => new()
    {
        EventId = "e" + i,
        TimestampUnixMs = s_now.ToUnixTimeMilliseconds(),
        RequestId = "r" + i,
        Model = "inkling",
        Route = "generate",
        Operation = "text_completion",
        Outcome = failed ? "error" : "success",
        ErrorType = failed ? "timeout" : null,
        LatencyMs = latency,
        TtftMs = latency / 4,
        TpotMs = 3,
        InputTokens = 12,
        OutputTokens = failed ? 0 : 8,
        CostUsd = 0.000123,
    };
}
