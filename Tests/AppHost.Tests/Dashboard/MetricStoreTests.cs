using AppHost.Dashboard.Storage;

namespace AppHost.Tests.Dashboard;

public sealed class MetricStoreTests
{
    [Fact]
    public void EachSeriesKeepsItsNewestPointsAndCountsEvictions()
    {
        var store = new MetricStore(pointsPerSeries: 3);
        for (var second = 1; second <= 5; second++)
        {
            store.Add(TelemetryFactory.Gauge("queue.depth", second * 10, second), "inference-0");
        }

        var series = Assert.Single(store.Series("inference-0", "queue.depth")!.Series);

        Assert.Equal([30.0, 40, 50], series.Points.Cast<NumberPoint>().Select(p => p.Value));
        Assert.Equal(2, store.DroppedPoints);
    }

    [Fact]
    public void AttributeSetsAreSeparateSeriesAndARepeatedTimestampIsIgnored()
    {
        var store = new MetricStore();
        store.Add(TelemetryFactory.Gauge("kv.used", 1, 1, new() { ["model"] = "a" }), "inference-0");
        store.Add(TelemetryFactory.Gauge("kv.used", 2, 1, new() { ["model"] = "b" }), "inference-0");
        store.Add(TelemetryFactory.Gauge("kv.used", 9, 1, new() { ["model"] = "b" }), "inference-0");

        var result = store.Series("inference-0", "kv.used")!;

        Assert.Equal(2, result.Series.Count);
        Assert.Equal(2.0, Assert.Single(result.Series.Single(s => s.Attributes["model"] == "b").Points.Cast<NumberPoint>()).Value);
        Assert.Null(store.Series("inference-1", "kv.used"));
        Assert.Equal("gauge", Assert.Single(store.Instruments()).Type);
    }

    [Fact]
    public void CumulativeHistogramQuantilesComeFromTheDeltaBetweenSnapshots()
    {
        var store = new MetricStore();
        double[] bounds = [10, 20, 40];
        store.Add(TelemetryFactory.Histogram("latency", 1, [10, 0, 0, 0], bounds, 50), "svc");
        // Since the first snapshot: 4 observations, all in (20, 40].
        store.Add(TelemetryFactory.Histogram("latency", 2, [10, 0, 4, 0], bounds, 170), "svc");

        var points = Assert.Single(store.Series("svc", "latency")!.Series).Points.Cast<HistogramPoint>().ToArray();

        Assert.Equal(10UL, points[0].Count);
        Assert.Equal(5, points[0].P50);
        Assert.Equal(4UL, points[1].Count);
        Assert.Equal(120, points[1].Sum);
        Assert.Equal(30, points[1].P50);
        Assert.Equal(39.8, points[1].P99!.Value, 6);
    }

    [Fact]
    public void AResetCumulativeHistogramStandsOnItsOwn()
    {
        var store = new MetricStore();
        double[] bounds = [10, 20];
        store.Add(TelemetryFactory.Histogram("latency", 1, [5, 5, 0], bounds, 100), "svc");
        store.Add(TelemetryFactory.Histogram("latency", 2, [0, 2, 0], bounds, 30), "svc");

        var last = Assert.Single(store.Series("svc", "latency")!.Series).Points.Cast<HistogramPoint>().Last();

        Assert.Equal(2UL, last.Count);
        Assert.Equal(15, last.P50);
    }
}
