using AppHost.Dashboard.Otlp;

namespace AppHost.Dashboard.Storage;

/// <summary>The recent points of one (resource, instrument, attribute set), oldest first, in a fixed ring.</summary>
internal sealed class MetricSeries(IReadOnlyDictionary<string, string> attributes, int capacity)
{
    private readonly Queue<OtlpDataPoint> _points = new(capacity);

    /// <summary>The attribute set that identifies the series.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; } = attributes;

    /// <summary>Appends a point; returns true when the oldest was evicted. Points not newer than the last are ignored.</summary>
    public bool Add(OtlpDataPoint point)
    {
        if (Last is not null && point.Time <= Last.Time)
        {
            // A retried export or an out-of-order batch: keep time strictly increasing so deltas stay meaningful.
            return false;
        }

        Last = point;
        _points.Enqueue(point);
        if (_points.Count > capacity)
        {
            _points.Dequeue();
            return true;
        }

        return false;
    }

    /// <summary>The newest point.</summary>
    public OtlpDataPoint? Last { get; private set; }

    /// <summary>A copy of the points, oldest first.</summary>
    public OtlpDataPoint[] Points() => [.. _points];
}
