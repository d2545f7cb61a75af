using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using ServiceDefaults.Prometheus;

namespace Benchmarks.Prometheus;

/// <summary>
/// One scrape's work through the real exporter path (reader collect → exporter render into its reused buffer), for
/// 1 000 series: 10 counters × 50 label sets (500 series, one sample each) and 5 histograms × 100 label sets
/// (500 series, 10 bounds + +Inf, sum, count: 13 samples each, the buckets that hold values recorded in a sampled trace carry an exemplar). About 7 000 sample lines.
/// Text 0.0.4 is the baseline; OpenMetrics adds units, _total samples, exemplars and # EOF. Target: ≤ 5 ms per scrape.
/// </summary>
[MemoryDiagnoser]
public class PrometheusRenderBenchmarks
{
    private static readonly double[] s_bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private Meter _meter = null!;
    private MeterProvider _provider = null!;
    private PrometheusExporter _exporter = null!;
    private MetricReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _meter = new Meter("Bench.Prometheus");
        _exporter = new PrometheusExporter();
        _reader = new BaseExportingMetricReader(_exporter);
        _exporter.Reader = _reader;
        _provider = Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name).AddReader(_reader).SetExemplarFilter(ExemplarFilterType.TraceBased).Build();

        for (var c = 0; c < 10; c++)
        {
            var counter = _meter.CreateCounter<long>($"bench.requests.{c}", "{request}", "Requests served by kind");
            for (var s = 0; s < 50; s++)
            {
                counter.Add(s + 1, new("route", $"/v1/route/{s}"), new("outcome", s % 3 == 0 ? "error" : "success"));
            }
        }

        for (var h = 0; h < 5; h++)
        {
            var histogram = _meter.CreateHistogram($"bench.duration.{h}", "s", "Request duration", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_bounds });
            for (var s = 0; s < 100; s++)
            {
                var model = new KeyValuePair<string, object?>("gen_ai.request.model", $"model-{s}");
                for (var i = 0; i < 20; i++)
                {
                    // Half of the values come from inside a sampled trace, so about half the buckets carry exemplars.
                    using var activity = new Activity("bench").SetIdFormat(ActivityIdFormat.W3C);
                    activity.ActivityTraceFlags = i % 2 == 0 ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None;
                    activity.Start();
                    histogram.Record(s_bounds[i % s_bounds.Length] * 0.9, model);
                    activity.Stop();
                }
            }
        }

        Console.WriteLine($"// text: {Render(ExpositionFormat.Text004)} bytes; OpenMetrics: {Render(ExpositionFormat.OpenMetrics)} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        _meter.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int RenderText004() => Render(ExpositionFormat.Text004);

    [Benchmark]
    public int RenderOpenMetrics() => Render(ExpositionFormat.OpenMetrics);

    private int Render(ExpositionFormat format)
    {
        lock (_exporter.Gate)
        {
            _exporter.Format = format;
            // The SDK hands a pull exporter its collect function; calling the reader directly is refused for pull-only exporters.
            if (!_exporter.Collect!(5000))
            {
                throw new InvalidOperationException("Collection failed.");
            }

            return _exporter.Rendered.Length;
        }
    }
}
