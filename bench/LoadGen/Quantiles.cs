namespace LoadGen;

/// <summary>Exact quantiles from a sorted copy of the samples (nearest rank, as the aggregator's sketch defines rank).</summary>
internal sealed class Quantiles
{
    private readonly double[] _sorted;

    /// <summary>Sorts a copy of <paramref name="values"/>, ignoring NaN.</summary>
    public Quantiles(IEnumerable<double> values)
    {
        _sorted = [.. values.Where(v => !double.IsNaN(v))];
        Array.Sort(_sorted);
    }

    /// <summary>Number of values.</summary>
    public int Count => _sorted.Length;

    /// <summary>Nearest-rank quantile: the smallest value with at least q·n values at or below it; NaN when empty.</summary>
    public double At(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(q * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    /// <summary>p50/p90/p95/p99/max in milliseconds from values in seconds.</summary>
    public QuantileSummary SummaryMs() => new(Count, At(0.50) * 1000, At(0.90) * 1000, At(0.95) * 1000, At(0.99) * 1000, Count == 0 ? double.NaN : _sorted[^1] * 1000);
}

/// <summary>The quantiles the reports print, in milliseconds.</summary>
internal sealed record QuantileSummary(int Count, double P50, double P90, double P95, double P99, double Max);
