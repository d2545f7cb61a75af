using Telemetry.Aggregator.Sketches;

namespace Benchmarks.Sketches;

/// <summary>
/// The quantile sketch as it was before its counts moved to a dense array (a sorted dictionary of bucket index to
/// count), reduced to what <see cref="SketchBenchmarks"/> times: add, merge, quantile. The same-run baseline.
/// </summary>
internal sealed class PreviousQuantileSketch
{
    private readonly LogarithmicMapping _mapping = LogarithmicMapping.Default;
    private readonly SortedDictionary<int, long> _counts = [];

    public long Count { get; private set; }

    public void Add(double value)
    {
        var index = _mapping.Index(value);
        _counts[index] = _counts.GetValueOrDefault(index) + 1;
        Count++;
    }

    public void Merge(PreviousQuantileSketch other)
    {
        foreach (var (index, count) in other._counts)
        {
            _counts[index] = _counts.GetValueOrDefault(index) + count;
        }

        Count += other.Count;
    }

    public double Quantile(double q)
    {
        var rank = (long)Math.Floor(q * (Count - 1));
        var seen = 0L;
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
