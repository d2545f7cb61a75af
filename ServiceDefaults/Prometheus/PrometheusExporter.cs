using System.Buffers;
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using static ServiceDefaults.Prometheus.PrometheusTextWriter;

namespace ServiceDefaults.Prometheus;

/// <summary>
/// A pull exporter: each scrape sets <see cref="Format"/> and asks the reader to collect, which hands every metric to
/// <see cref="Export"/>; the batch is rendered (families contiguous, one HELP and TYPE each) into a reused buffer that
/// the scrape then copies out. Scrapes are serialized: collection is not re-entrant.
/// </summary>
[ExportModes(ExportModes.Pull)]
internal sealed class PrometheusExporter : BaseExporter<Metric>, IPullMetricExporter
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    // Instruments map to families once: the SDK keeps its Metric objects across collections. Two instruments with the
    // same Prometheus name share one family, so each family's HELP and TYPE appear once.
    private readonly Dictionary<(Metric Metric, bool OpenMetrics), Family> _byInstrument = [];
    private readonly Dictionary<(string Name, bool OpenMetrics), Family> _byName = [];
    private readonly List<Family> _families = [];
    private readonly List<KeyValuePair<string, string>> _labels = new(8);

    // Sanitizing a tag key allocates; the set of keys is small and stable, so each is sanitized once.
    private readonly Dictionary<string, string> _labelNames = new(StringComparer.Ordinal);

    /// <summary>Collection lock; also guards the buffers and <see cref="Format"/>.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The format the next collection renders (set while <see cref="Gate"/> is held).</summary>
    public ExpositionFormat Format { get; set; }

    /// <summary>The last rendering (valid while <see cref="Gate"/> is held).</summary>
    public ReadOnlyMemory<byte> Rendered => _output.WrittenMemory;

    /// <summary>The reader that drives this exporter on scrape.</summary>
    public MetricReader? Reader { get; set; }

    /// <summary>Set by the reader: collects and calls <see cref="Export"/> synchronously.</summary>
    public Func<int, bool>? Collect { get; set; }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var family in _families)
        {
            family.Samples.ResetWrittenCount();
            family.Used = false;
        }

        var openMetrics = Format == ExpositionFormat.OpenMetrics;
        foreach (var metric in batch)
        {
            Render(metric, openMetrics);
        }

        _output.ResetWrittenCount();
        foreach (var family in _families)
        {
            var name = family.Name;
            if (!family.Used || family.OpenMetrics != openMetrics)
            {
                continue;
            }

            // OpenMetrics has no empty HELP text; 0.0.4 always had one, so keep it there.
            if (!openMetrics || !string.IsNullOrEmpty(family.Help))
            {
                Help(_output, name, family.Help, escapeQuotes: openMetrics);
            }

            Type(_output, name, family.Type);
            if (family.Unit is not null)
            {
                Unit(_output, name, family.Unit);
            }

            _output.Write(family.Samples.WrittenSpan);
        }

        if (openMetrics)
        {
            Eof(_output);
        }

        return ExportResult.Success;
    }

    private void Render(Metric metric, bool openMetrics)
    {
        var (type, counter) = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => ("counter", true),
            MetricType.Histogram => ("histogram", false),
            MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic or MetricType.LongGauge or MetricType.DoubleGauge => ("gauge", false),
            _ => (null, false), // exponential histograms have no classic text form
        };
        if (type is null)
        {
            return;
        }

        var family = FamilyOf(metric, type, counter, openMetrics);
        family.Used = true;
        var name = family.Name;
        var total = openMetrics && counter ? "_total" : string.Empty;
        var w = family.Samples;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            _labels.Clear();
            foreach (var tag in point.Tags)
            {
                _labels.Add(new(LabelName(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty));
            }

            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(w, name, total, _labels, null, point.GetSumLong());
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(w, name, total, _labels, null, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    Sample(w, name, string.Empty, _labels, null, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    Sample(w, name, string.Empty, _labels, null, point.GetGaugeLastValueDouble());
                    break;
                case MetricType.Histogram:
                    Histogram(w, name, in point, openMetrics);
                    break;
            }
        }
    }

    private void Histogram(ArrayBufferWriter<byte> w, string name, in MetricPoint point, bool openMetrics)
    {
        var exemplars = default(ReadOnlyExemplarCollection);
        var hasExemplars = openMetrics && point.TryGetExemplars(out exemplars);
        long cumulative = 0;
        var lower = double.NegativeInfinity;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            Exemplar? exemplar = hasExemplars ? ExemplarIn(exemplars, lower, bucket.ExplicitBound) : null;
            Sample(w, name, "_bucket", _labels, bucket.ExplicitBound, cumulative, exemplar);
            lower = bucket.ExplicitBound;
        }

        Sample(w, name, "_sum", _labels, null, point.GetHistogramSum());
        Sample(w, name, "_count", _labels, null, point.GetHistogramCount());
    }

    private string LabelName(string key)
    {
        if (!_labelNames.TryGetValue(key, out var name))
        {
            name = PrometheusNames.Label(key);
            if (_labelNames.Count < 4096)
            {
                _labelNames[key] = name; // bounded in case tag keys are ever generated
            }
        }

        return name;
    }

    /// <summary>The exemplar whose value lies in the bucket (lower, upper]: OpenMetrics allows one per bucket, inside it.</summary>
    private static Exemplar? ExemplarIn(ReadOnlyExemplarCollection exemplars, double lower, double upper)
    {
        foreach (var exemplar in exemplars)
        {
            var value = exemplar.DoubleValue == 0 && exemplar.LongValue != 0 ? exemplar.LongValue : exemplar.DoubleValue;
            if (value > lower && value <= upper)
            {
                return exemplar;
            }
        }

        return null;
    }

    private Family FamilyOf(Metric metric, string type, bool counter, bool openMetrics)
    {
        // Cached per format too: names differ (OpenMetrics counter families drop _total).
        if (_byInstrument.TryGetValue((metric, openMetrics), out var family))
        {
            return family;
        }

        var name = PrometheusNames.Metric(metric.Name, metric.Unit, counter && !openMetrics);
        if (openMetrics && counter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            name = name[..^"_total".Length];
        }

        var unit = PrometheusNames.UnitSuffix(metric.Unit);
        var hasUnit = openMetrics && unit.Length > 0 && name.EndsWith("_" + unit, StringComparison.Ordinal);
        if (!_byName.TryGetValue((name, openMetrics), out family))
        {
            family = new Family(name, type, metric.Description, hasUnit ? unit : null, openMetrics);
            _byName[(name, openMetrics)] = family;
            _families.Add(family);
        }

        _byInstrument[(metric, openMetrics)] = family;
        return family;
    }

    private sealed class Family(string name, string type, string? help, string? unit, bool openMetrics)
    {
        public string Name { get; } = name;
        public string Type { get; } = type;
        public string? Help { get; } = help;
        public string? Unit { get; } = unit;
        public bool OpenMetrics { get; } = openMetrics;
        public ArrayBufferWriter<byte> Samples { get; } = new(4096);
        public bool Used { get; set; }
    }
}
