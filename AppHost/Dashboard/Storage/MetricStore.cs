using System.Text;
using AppHost.Dashboard.Otlp;

namespace AppHost.Dashboard.Storage;

/// <summary>
/// Metric points per (resource, instrument, attribute set), each series a ring of the most recent points (720 = 12 minutes
/// at the 1 s export interval the AppHost sets). Instruments and series per instrument are capped too, so a label with
/// unbounded values cannot grow memory without limit; everything refused or evicted is counted in <see cref="DroppedPoints"/>.
/// </summary>
internal sealed class MetricStore(int pointsPerSeries = MetricStore.DefaultPointsPerSeries)
{
    /// <summary>Points kept per series by default.</summary>
    public const int DefaultPointsPerSeries = 720;

    /// <summary>Instruments kept (over all resources).</summary>
    public const int MaxInstruments = 2_000;

    /// <summary>Attribute sets kept per instrument.</summary>
    public const int MaxSeriesPerInstrument = 500;

    private readonly Dictionary<(string Resource, string Name), InstrumentRecord> _instruments = [];
    private readonly Lock _gate = new();
    private long _droppedPoints;
    private long _version;

    /// <summary>Points evicted from full series or refused because a cap was reached.</summary>
    public long DroppedPoints => Interlocked.Read(ref _droppedPoints);

    /// <summary>Changes on every add.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Stores a decoded metric's points under <paramref name="resource"/>.</summary>
    public void Add(OtlpMetric metric, string resource)
    {
        lock (_gate)
        {
            _version++;
            if (!_instruments.TryGetValue((resource, metric.Name), out var instrument))
            {
                if (_instruments.Count >= MaxInstruments)
                {
                    _droppedPoints += metric.Points.Count;
                    return;
                }

                instrument = new InstrumentRecord(new MetricInstrument(resource, metric.Name, metric.Unit, metric.Description, metric.Type), metric.Cumulative);
                _instruments.Add((resource, metric.Name), instrument);
            }

            foreach (var point in metric.Points)
            {
                var key = Key(point.Attributes);
                if (!instrument.Series.TryGetValue(key, out var series))
                {
                    if (instrument.Series.Count >= MaxSeriesPerInstrument)
                    {
                        _droppedPoints++;
                        continue;
                    }

                    series = new MetricSeries(point.Attributes, pointsPerSeries);
                    instrument.Series.Add(key, series);
                }

                if (series.Add(point))
                {
                    _droppedPoints++;
                }
            }
        }
    }

    /// <summary>Every instrument, ordered by resource then name.</summary>
    public MetricInstrument[] Instruments()
    {
        lock (_gate)
        {
            return [.. _instruments.Values.Select(i => i.Instrument).OrderBy(i => i.Resource, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>The series of one instrument, or null when unknown.</summary>
    public SeriesResult? Series(string resource, string name)
    {
        InstrumentRecord? instrument;
        (IReadOnlyDictionary<string, string> Attributes, OtlpDataPoint[] Points)[] copies;
        lock (_gate)
        {
            if (!_instruments.TryGetValue((resource, name), out instrument))
            {
                return null;
            }

            copies = [.. instrument.Series.Values.Select(s => (s.Attributes, s.Points()))];
        }

        var histogram = instrument.Instrument.Type == "histogram";
        var views = copies.Select(c => new SeriesView(c.Attributes, histogram ? HistogramPoints(c.Points, instrument.Cumulative) : NumberPoints(c.Points))).ToArray();
        return new SeriesResult(instrument.Instrument.Type, instrument.Instrument.Unit, views);
    }

    private static object[] NumberPoints(OtlpDataPoint[] points) => [.. points.Select(p => (object)new NumberPoint(p.Time, p.Value))];

    private static object[] HistogramPoints(OtlpDataPoint[] points, bool cumulative)
    {
        var result = new object[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var point = points[i];
            ulong[] buckets = point.BucketCounts;
            ulong count = point.Count;
            var sum = point.Sum;
            if (cumulative && i > 0 && point.Start == points[i - 1].Start
                && HistogramQuantiles.Delta(point.BucketCounts, points[i - 1].BucketCounts) is { } delta && point.Count >= points[i - 1].Count)
            {
                buckets = delta;
                count = point.Count - points[i - 1].Count;
                sum = point.Sum - points[i - 1].Sum;
            }

            result[i] = new HistogramPoint(point.Time, count, sum,
                HistogramQuantiles.Estimate(buckets, point.Bounds, 0.50),
                HistogramQuantiles.Estimate(buckets, point.Bounds, 0.95),
                HistogramQuantiles.Estimate(buckets, point.Bounds, 0.99));
        }

        return result;
    }

    private static string Key(IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.Count == 0)
        {
            return string.Empty;
        }

        var names = new string[attributes.Count];
        var i = 0;
        foreach (var name in attributes.Keys)
        {
            names[i++] = name;
        }

        Array.Sort(names, StringComparer.Ordinal);
        var key = new StringBuilder();
        foreach (var name in names)
        {
            // Unit and record separators cannot appear in sensible attribute text, so keys cannot collide.
            key.Append(name).Append('\u001f').Append(attributes[name]).Append('\u001e');
        }

        return key.ToString();
    }
}
