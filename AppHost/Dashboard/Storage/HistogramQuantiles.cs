namespace AppHost.Dashboard.Storage;

/// <summary>
/// Quantiles from explicit-bucket histogram counts, estimated as Prometheus' <c>histogram_quantile</c> does: find the
/// bucket holding the rank and interpolate linearly inside it; the first bucket starts at 0 (when its bound is positive),
/// and a rank in the overflow bucket answers the largest finite bound.
/// </summary>
internal static class HistogramQuantiles
{
    /// <summary>The <paramref name="q"/>-quantile (0..1), or null when there are no observations or no bounds.</summary>
    public static double? Estimate(ReadOnlySpan<ulong> buckets, ReadOnlySpan<double> bounds, double q)
    {
        ulong total = 0;
        foreach (var count in buckets)
        {
            total += count;
        }

        if (total == 0 || bounds.Length == 0 || buckets.Length != bounds.Length + 1)
        {
            return null;
        }

        var rank = q * total;
        double cumulative = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            if (buckets[i] == 0 || cumulative + buckets[i] < rank)
            {
                cumulative += buckets[i];
                continue;
            }

            if (i == bounds.Length)
            {
                return bounds[^1];
            }

            var upper = bounds[i];
            var lower = i > 0 ? bounds[i - 1] : Math.Min(0, upper);
            return lower + ((upper - lower) * (rank - cumulative) / buckets[i]);
        }

        return bounds[^1];
    }

    /// <summary>
    /// <paramref name="current"/> minus <paramref name="previous"/> bucket by bucket; null when the series was reset
    /// (a count went down, or the bounds changed), in which case the current snapshot stands on its own.
    /// </summary>
    public static ulong[]? Delta(ReadOnlySpan<ulong> current, ReadOnlySpan<ulong> previous)
    {
        if (current.Length != previous.Length)
        {
            return null;
        }

        var delta = new ulong[current.Length];
        for (var i = 0; i < current.Length; i++)
        {
            if (current[i] < previous[i])
            {
                return null;
            }

            delta[i] = current[i] - previous[i];
        }

        return delta;
    }
}
