namespace Telemetry.Aggregator.Sketches;

/// <summary>
/// A mergeable quantile sketch with bounded relative error: counts per logarithmic bucket plus a zero bucket.
/// Merging two sketches adds their counts, so the sketch of a window is the merge of its time buckets, and
/// in Redis a bucket count is one hash field incremented with HINCRBY.
/// </summary>
internal sealed class QuantileSketch
{
    private readonly LogarithmicMapping _mapping;
    private readonly SortedDictionary<int, long> _counts = [];

    public QuantileSketch(LogarithmicMapping? mapping = null) => _mapping = mapping ?? LogarithmicMapping.Default;

    /// <summary>Number of values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Values at or below <see cref="LogarithmicMapping.MinIndexableValue"/>.</summary>
    public long ZeroCount { get; private set; }

    /// <summary>The buckets with a non-zero count, by index.</summary>
    public IReadOnlyDictionary<int, long> Buckets => _counts;

    /// <summary>Records <paramref name="value"/> <paramref name="count"/> times. Negative and NaN values are rejected.</summary>
    public void Add(double value, long count = 1)
    {
        if (double.IsNaN(value) || value < 0 || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Sketch values must be finite and non-negative.");
        }

        if (value <= LogarithmicMapping.MinIndexableValue)
        {
            AddZero(count);
        }
        else
        {
            AddToBucket(_mapping.Index(value), count);
        }
    }

    /// <summary>Adds <paramref name="count"/> to bucket <paramref name="index"/> (as read back from storage).</summary>
    public void AddToBucket(int index, long count)
    {
        if (count <= 0)
        {
            return;
        }

        _counts[index] = _counts.GetValueOrDefault(index) + count;
        Count += count;
    }

    /// <summary>Adds <paramref name="count"/> values to the zero bucket.</summary>
    public void AddZero(long count)
    {
        if (count <= 0)
        {
            return;
        }

        ZeroCount += count;
        Count += count;
    }

    /// <summary>Adds every count of <paramref name="other"/> to this sketch.</summary>
    public void Merge(QuantileSketch other)
    {
        AddZero(other.ZeroCount);
        foreach (var (index, count) in other._counts)
        {
            AddToBucket(index, count);
        }
    }

    /// <summary>Values recorded above <paramref name="threshold"/> (judged by each bucket's representative value, so within the mapping's accuracy).</summary>
    public long CountAbove(double threshold)
    {
        long above = 0;
        foreach (var (index, count) in _counts)
        {
            if (_mapping.Value(index) > threshold)
            {
                above += count;
            }
        }

        return above;
    }

    /// <summary>
    /// The value at quantile <paramref name="q"/> (0..1), within the mapping's relative accuracy of the exact
    /// lower quantile (rank ⌊q·(n−1)⌋ of the sorted values); null when empty.
    /// </summary>
    public double? Quantile(double q)
    {
        if (q is < 0 or > 1 || double.IsNaN(q))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "Quantile must be in [0, 1].");
        }

        if (Count == 0)
        {
            return null;
        }

        var rank = (long)Math.Floor(q * (Count - 1));
        if (rank < ZeroCount)
        {
            return 0;
        }

        var seen = ZeroCount;
        foreach (var (index, count) in _counts)
        {
            seen += count;
            if (seen > rank)
            {
                return _mapping.Value(index);
            }
        }

        return _mapping.Value(_counts.Keys.Last());
    }
}
