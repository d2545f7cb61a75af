using System.Buffers;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using static ServiceDefaults.Prometheus.PrometheusTextWriter;

namespace ServiceDefaults.Prometheus;

/// <summary>
/// A pull exporter: each scrape asks the reader to collect, which hands every metric to <see cref="Export"/>;
/// the batch is rendered as Prometheus text 0.0.4 (families contiguous, one HELP and TYPE each) into a reused
/// buffer that the scrape then copies out. Scrapes are serialized: collection is not re-entrant.
/// </summary>
[ExportModes(ExportModes.Pull)]
internal sealed class PrometheusExporter : BaseExporter<Metric>, IPullMetricExporter
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);

    /// <summary>Collection lock; also guards the buffers.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The last rendering (valid while <see cref="Gate"/> is held).</summary>
    public ReadOnlyMemory<byte> Rendered => _output.WrittenMemory;

    /// <summary>The reader that drives this exporter on scrape.</summary>
    public MetricReader? Reader { get; set; }

    /// <summary>Set by the reader: collects and calls <see cref="Export"/> synchronously.</summary>
    public Func<int, bool>? Collect { get; set; }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var family in _families.Values)
        {
            family.Samples.ResetWrittenCount();
            family.Used = false;
        }

        foreach (var metric in batch)
        {
            Render(metric);
        }

        _output.ResetWrittenCount();
        foreach (var (name, family) in _families)
        {
            if (!family.Used)
            {
                continue;
            }

            Help(_output, name, family.Help);
            Type(_output, name, family.Type);
            _output.Write(family.Samples.WrittenSpan);
        }

        return ExportResult.Success;
    }

    private void Render(Metric metric)
    {
        var (type, counter) = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => ("counter", true),
            MetricType.Histogram => ("histogram", false),
            MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic or MetricType.LongGauge or MetricType.DoubleGauge => ("gauge", false),
            _ => (null, false), // exponential histograms have no 0.0.4 form
        };
        if (type is null)
        {
            return;
        }

        var name = PrometheusNames.Metric(metric.Name, metric.Unit, counter);
        if (!_families.TryGetValue(name, out var family))
        {
            family = new Family(type, metric.Description);
            _families[name] = family;
        }

        family.Used = true;
        var labels = new List<KeyValuePair<string, string>>(8);
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            labels.Clear();
            foreach (var tag in point.Tags)
            {
                labels.Add(new(PrometheusNames.Label(tag.Key), Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
            }

            var w = family.Samples;
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(w, name, labels, null, point.GetSumLong());
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(w, name, labels, null, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    Sample(w, name, labels, null, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    Sample(w, name, labels, null, point.GetGaugeLastValueDouble());
                    break;
                case MetricType.Histogram:
                    long cumulative = 0;
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        cumulative += bucket.BucketCount;
                        Sample(w, name + "_bucket", labels, ("le", Number(bucket.ExplicitBound)), cumulative);
                    }

                    Sample(w, name + "_sum", labels, null, point.GetHistogramSum());
                    Sample(w, name + "_count", labels, null, point.GetHistogramCount());
                    break;
            }
        }
    }

    private sealed class Family(string type, string? help)
    {
        public string Type { get; } = type;
        public string? Help { get; } = help;
        public ArrayBufferWriter<byte> Samples { get; } = new(4096);
        public bool Used { get; set; }
    }
}
