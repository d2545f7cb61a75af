
namespace LoadGen.Tests;

public sealed class QuantilesTests
{
    [Fact]
    public void UniformOneToThousandGivesNearestRankQuantiles()
    {
        var q = new Quantiles(Enumerable.Range(1, 1000).Select(i => (double)i).Reverse());
        Assert.Equal(500, q.At(0.50));
        Assert.Equal(900, q.At(0.90));
        Assert.Equal(950, q.At(0.95));
        Assert.Equal(990, q.At(0.99));
        Assert.Equal(1000, q.At(1));
        Assert.Equal(1, q.At(0));
    }

    [Fact]
    public void ExponentialSamplesMatchTheAnalyticQuantilesWithinSamplingError()
    {
        var random = new Random(42);
        var q = new Quantiles(Enumerable.Range(0, 200_000).Select(_ => -Math.Log(1 - random.NextDouble()) * 0.010));
        foreach (var p in new[] { 0.5, 0.9, 0.95, 0.99 })
        {
            var expected = -Math.Log(1 - p) * 0.010;
            Assert.InRange(q.At(p), expected * 0.97, expected * 1.03);
        }
    }

    [Fact]
    public void SummaryIsInMillisecondsAndIgnoresMissingValues()
    {
        var s = new Quantiles([0.001, double.NaN, 0.002, 0.003, 0.004]).SummaryMs();
        Assert.Equal(4, s.Count);
        Assert.Equal(2, s.P50, 9);
        Assert.Equal(4, s.Max, 9);
        Assert.True(double.IsNaN(new Quantiles([]).At(0.5)));
    }
}
