using System.Globalization;
using Telemetry.Aggregator.Sketches;

namespace Telemetry.Aggregator.Windows;

/// <summary>The sum of a window's bucket hashes: counters add, sketch bucket counts add (a sketch merge).</summary>
internal sealed class WindowTotals
{
    private readonly Dictionary<string, long> _fields = new(StringComparer.Ordinal);

    /// <summary>Adds one bucket's fields (as read from its hash).</summary>
    public void Add(IEnumerable<KeyValuePair<string, long>> bucket)
    {
        foreach (var (field, value) in bucket)
        {
            _fields[field] = _fields.GetValueOrDefault(field) + value;
        }
    }

    /// <summary>Adds another total (a merge).</summary>
    public void Add(WindowTotals other) => Add(other._fields);

    /// <summary>A counter's total (0 when absent).</summary>
    public long this[string field] => _fields.GetValueOrDefault(field);

    /// <summary>
    /// Counters whose names start with <paramref name="prefix"/>, keyed by the rest of the name, in a fixed order:
    /// numeric keys ascending (token buckets read 1, 2, 4 ... 1024), then the others in ordinal order. The fields arrive
    /// in whatever order the bucket hashes answered, so without it two replicas (or two reads) gave the same counts in
    /// different orders at <c>/stats</c>.
    /// </summary>
    public Dictionary<string, long> WithPrefix(string prefix) =>
        Prefixed(prefix)
            .OrderBy(f => long.TryParse(f.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .ThenBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    // The counters under a prefix in no particular order (a sketch merge does not need one).
    private IEnumerable<(string Key, long Value)> Prefixed(string prefix) =>
        _fields.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(f => (f.Key[prefix.Length..], f.Value));

    /// <summary>The merged sketch stored under <paramref name="prefix"/> (fields <c>prefix:index</c> and <c>prefix:z</c>).</summary>
    public QuantileSketch Sketch(string prefix, LogarithmicMapping mapping)
    {
        var sketch = new QuantileSketch(mapping);
        foreach (var (bucket, count) in Prefixed(prefix + ":"))
        {
            if (bucket == EventFields.ZeroBucket)
            {
                sketch.AddZero(count);
            }
            else if (int.TryParse(bucket, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
            {
                sketch.AddToBucket(index, count);
            }
        }

        return sketch;
    }
}
