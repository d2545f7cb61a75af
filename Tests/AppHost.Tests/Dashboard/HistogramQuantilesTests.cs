using AppHost.Dashboard.Storage;

namespace AppHost.Tests.Dashboard;

public sealed class HistogramQuantilesTests
{
    private static readonly double[] s_bounds = [0.1, 0.5, 1, 5];

    [Fact]
    public void AQuantileIsInterpolatedInsideTheBucketHoldingItsRank()
    {
        // 100 observations: 50 ≤ 0.1, 30 in (0.1, 0.5], 20 in (0.5, 1].
        ulong[] buckets = [50, 30, 20, 0, 0];

        Assert.Equal(0.1, HistogramQuantiles.Estimate(buckets, s_bounds, 0.50)!.Value, 9);
        Assert.Equal(0.5 + (0.5 * 15 / 20), HistogramQuantiles.Estimate(buckets, s_bounds, 0.95)!.Value, 9);
        Assert.Equal(0.1 + (0.4 * 10 / 30), HistogramQuantiles.Estimate(buckets, s_bounds, 0.60)!.Value, 9);
    }

    [Fact]
    public void TheFirstBucketStartsAtZero()
    {
        Assert.Equal(0.05, HistogramQuantiles.Estimate([10, 0, 0, 0, 0], s_bounds, 0.5)!.Value, 9);
    }

    [Fact]
    public void ARankInTheOverflowBucketAnswersTheLargestBound()
    {
        Assert.Equal(5, HistogramQuantiles.Estimate([1, 0, 0, 0, 9], s_bounds, 0.99));
    }

    [Fact]
    public void NoObservationsOrMismatchedBucketsGiveNoQuantile()
    {
        Assert.Null(HistogramQuantiles.Estimate([0, 0, 0, 0, 0], s_bounds, 0.5));
        Assert.Null(HistogramQuantiles.Estimate([1, 2], s_bounds, 0.5));
    }

    [Fact]
    public void ADeltaIsBucketwiseAndAResetGivesNone()
    {
        Assert.Equal([1UL, 0, 3], HistogramQuantiles.Delta([5, 2, 7], [4, 2, 4]));
        Assert.Null(HistogramQuantiles.Delta([5, 1, 7], [4, 2, 4]));
        Assert.Null(HistogramQuantiles.Delta([5, 1], [4, 2, 4]));
    }
}
