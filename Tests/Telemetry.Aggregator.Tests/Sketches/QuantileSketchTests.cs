using Telemetry.Aggregator.Sketches;

namespace Telemetry.Aggregator.Tests.Sketches;

public sealed class QuantileSketchTests
{
    private static readonly double[] s_quantiles = [0, 0.5, 0.9, 0.95, 0.99, 1];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void QuantilesOfALatencyLikeDistributionAreWithinOnePercentOfExact(int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 20_000).Select(_ => LogNormal(random, mu: 4, sigma: 1.2)).ToArray();
        var sketch = new QuantileSketch();
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        Array.Sort(values);
        foreach (var q in s_quantiles)
        {
            var exact = values[(int)Math.Floor(q * (values.Length - 1))];
            var estimate = sketch.Quantile(q)!.Value;
            Assert.InRange(Math.Abs(estimate - exact) / exact, 0, LogarithmicMapping.DefaultRelativeAccuracy);
        }
    }

    [Fact]
    public void AMillionSamplesSpreadOverTenSecondBucketsMergeToQuantilesWithinOnePercent()
    {
        // Latencies from 0.5 ms to minutes: a log-normal body with a heavy uniform tail, recorded into 360 bucket
        // sketches (an hour of 10 s buckets) and merged, as a window is.
        var random = new Random(11);
        var values = new double[1_000_000];
        var buckets = Enumerable.Range(0, 360).Select(_ => new QuantileSketch()).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i % 20 == 0 ? 0.5 + random.NextDouble() * 120_000 : LogNormal(random, mu: 3.5, sigma: 1.0);
            buckets[i % buckets.Length].Add(values[i]);
        }

        var window = new QuantileSketch();
        foreach (var bucket in buckets)
        {
            window.Merge(bucket);
        }

        Array.Sort(values);
        foreach (var q in new[] { 0.001, 0.5, 0.9, 0.95, 0.99, 0.999 })
        {
            var exact = values[(int)Math.Floor(q * (values.Length - 1))];
            Assert.InRange(Math.Abs(window.Quantile(q)!.Value - exact) / exact, 0, LogarithmicMapping.DefaultRelativeAccuracy);
        }

        Assert.Equal(1_000_000, window.Count);
    }

    [Fact]
    public void MergingBucketSketchesEqualsOneSketchOfAllValues()
    {
        var random = new Random(7);
        var whole = new QuantileSketch();
        var parts = Enumerable.Range(0, 30).Select(_ => new QuantileSketch()).ToArray();
        for (var i = 0; i < 9_000; i++)
        {
            var value = random.NextDouble() < 0.01 ? 0 : LogNormal(random, 2, 2);
            whole.Add(value);
            parts[i % parts.Length].Add(value);
        }

        var merged = new QuantileSketch();
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.ZeroCount, merged.ZeroCount);
        Assert.Equal(whole.Buckets, merged.Buckets);
        foreach (var q in s_quantiles)
        {
            Assert.Equal(whole.Quantile(q), merged.Quantile(q));
        }
    }

    [Fact]
    public void BucketsAndCountsAboveStayExactWhileTheRangeGrowsInBothDirections()
    {
        // Values arrive from the middle outwards and then far out on both sides (microseconds to days, in ms), so
        // the counts' storage must grow below and above what it holds and keep every count where it was.
        var mapping = LogarithmicMapping.Default;
        var values = new[] { 40.0, 41, 39, 80, 20, 1_000, 2, 0.01, 60_000, 0.001, 86_400_000, 40, 0.0005 };
        var sketch = new QuantileSketch();
        var expected = new SortedDictionary<int, long>();
        foreach (var value in values)
        {
            sketch.Add(value);
            var index = mapping.Index(value);
            expected[index] = expected.GetValueOrDefault(index) + 1;
        }

        Assert.Equal(expected, sketch.Buckets);
        Assert.Equal(values.Length, sketch.Count);
        Assert.Equal(3, sketch.CountAbove(100)); // 1 000, 60 000 and 86 400 000 ms
        Assert.InRange(sketch.Quantile(1)!.Value, 86_400_000 * 0.99, 86_400_000 * 1.01);
        Assert.InRange(sketch.Quantile(0)!.Value, 0.0005 * 0.99, 0.0005 * 1.01);
    }

    [Fact]
    public void AnEmptySketchHasNoQuantileAndZerosAreCountedExactly()
    {
        var sketch = new QuantileSketch();
        Assert.Null(sketch.Quantile(0.5));

        sketch.Add(0);
        sketch.Add(0);
        sketch.Add(100);

        Assert.Equal(0, sketch.Quantile(0.5));
        Assert.InRange(sketch.Quantile(1)!.Value, 99, 101);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void ValuesThatAreNotLatenciesAreRejected(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantileSketch().Add(value));
    }

    private static double LogNormal(Random random, double mu, double sigma)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Exp(mu + sigma * normal);
    }
}
