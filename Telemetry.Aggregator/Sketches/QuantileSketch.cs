using System.Numerics;

namespace Telemetry.Aggregator.Sketches;

/// <summary>
/// A mergeable quantile sketch with bounded relative error: counts per logarithmic bucket plus a zero bucket.
/// Merging two sketches adds their counts, so the sketch of a window is the merge of its time buckets, and
/// in Redis a bucket count is one hash field incremented with HINCRBY. Counts live in one dense array over the
/// occupied index range (a few hundred buckets for latencies from milliseconds to minutes), so adding to a bucket is
/// an array write and merging an hour of 10 s buckets is a few hundred vector additions per bucket.
/// </summary>
internal sealed class QuantileSketch
{
    private readonly LogarithmicMapping _mapping;
    private const int MinimumCapacity = 64;
    private long[] _counts = [];
    private int _offset; // bucket index of _counts[0]
    private int _low = int.MaxValue; // lowest and highest index ever added to (inclusive)
    private int _high = int.MinValue;

    public QuantileSketch(LogarithmicMapping? mapping = null) => _mapping = mapping ?? LogarithmicMapping.Default;

    /// <summary>Number of values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Values at or below <see cref="LogarithmicMapping.MinIndexableValue"/>.</summary>
    public long ZeroCount { get; private set; }

    /// <summary>The buckets with a non-zero count, by index (a copy, for inspection).</summary>
    public IReadOnlyDictionary<int, long> Buckets
    {
        get
        {
            var buckets = new SortedDictionary<int, long>();
            for (var index = _low; index <= _high; index++)
            {
                if (_counts[index - _offset] is var count and > 0)
                {
                    buckets[index] = count;
                }
            }

            return buckets;
        }
    }

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

        Cover(index, index);
        _counts[index - _offset] += count;
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
        if (other._high < other._low)
        {
            return;
        }

        Cover(other._low, other._high);
        var width = other._high - other._low + 1;
        var source = other._counts.AsSpan(other._low - other._offset, width);
        var target = _counts.AsSpan(other._low - _offset, width);
        var i = 0;
        for (; i <= width - Vector<long>.Count; i += Vector<long>.Count)
        {
            (new Vector<long>(target[i..]) + new Vector<long>(source[i..])).CopyTo(target[i..]);
        }

        for (; i < width; i++)
        {
            target[i] += source[i];
        }

        Count += other.Count - other.ZeroCount;
    }

    // Makes indices low..high addressable, growing the array (with room on both sides) when they are not.
    private void Cover(int low, int high)
    {
        var newLow = Math.Min(low, _low);
        var newHigh = Math.Max(high, _high);
        if (_counts.Length > 0 && newLow >= _offset && newHigh < _offset + _counts.Length)
        {
            _low = newLow;
            _high = newHigh;
            return;
        }

        var span = newHigh - newLow + 1;
        var capacity = Math.Max(MinimumCapacity, span * 2);
        var offset = newLow - (capacity - span) / 2;
        var counts = new long[capacity];
        if (_high >= _low)
        {
            _counts.AsSpan(_low - _offset, _high - _low + 1).CopyTo(counts.AsSpan(_low - offset));
        }

        _counts = counts;
        _offset = offset;
        _low = newLow;
        _high = newHigh;
    }

    /// <summary>Values recorded above <paramref name="threshold"/> (judged by each bucket's representative value, so within the mapping's accuracy).</summary>
    public long CountAbove(double threshold)
    {
        long above = 0;
        for (var index = _high; index >= _low && _mapping.Value(index) > threshold; index--)
        {
            above += _counts[index - _offset];
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
        for (var index = _low; index <= _high; index++)
        {
            seen += _counts[index - _offset];
            if (seen > rank)
            {
                return _mapping.Value(index);
            }
        }

        return _mapping.Value(_high);
    }
}
