using BenchmarkDotNet.Attributes;
using Telemetry.Aggregator.Sketches;

namespace Benchmarks.Sketches;

/// <summary>
/// The aggregator's quantile sketch (1 % relative accuracy): inserting 1 000 latencies (log-normal, median 40 ms, as
/// one 10 s bucket of a busy series), merging the 360 buckets of a 1 h window, and reading p50/p90/p95/p99 from the
/// merged sketch (what one <c>/stats</c> figure costs); each also through <see cref="PreviousQuantileSketch"/> (sorted
/// dictionary counts, before the dense array). Baseline: the insert.
/// </summary>
[MemoryDiagnoser]
public class SketchBenchmarks
{
    private double[] _latencies = [];
    private QuantileSketch[] _buckets = [];
    private QuantileSketch _merged = null!;
    private PreviousQuantileSketch[] _previousBuckets = [];
    private PreviousQuantileSketch _previousMerged = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _latencies = new double[1_000];
        for (var i = 0; i < _latencies.Length; i++)
        {
            // Box-Muller: log-normal with median 40 ms and sigma 0.8.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            _latencies[i] = 40 * Math.Exp(0.8 * normal);
        }

        _buckets = new QuantileSketch[360];
        for (var b = 0; b < _buckets.Length; b++)
        {
            _buckets[b] = new QuantileSketch();
            for (var i = 0; i < 200; i++)
            {
                _buckets[b].Add(_latencies[(b * 7 + i * 13) % _latencies.Length]);
            }
        }

        _previousBuckets = new PreviousQuantileSketch[_buckets.Length];
        for (var b = 0; b < _buckets.Length; b++)
        {
            _previousBuckets[b] = new PreviousQuantileSketch();
            for (var i = 0; i < 200; i++)
            {
                _previousBuckets[b].Add(_latencies[(b * 7 + i * 13) % _latencies.Length]);
            }
        }

        _merged = MergeHour();
        _previousMerged = PreviousMergeHour();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1_000)]
    public long Insert1000()
    {
        var sketch = new QuantileSketch();
        foreach (var latency in _latencies)
        {
            sketch.Add(latency);
        }

        return sketch.Count;
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public long PreviousInsert1000()
    {
        var sketch = new PreviousQuantileSketch();
        foreach (var latency in _latencies)
        {
            sketch.Add(latency);
        }

        return sketch.Count;
    }

    [Benchmark]
    public long MergeAnHourOfBuckets() => MergeHour().Count;

    [Benchmark]
    public long PreviousMergeAnHourOfBuckets() => PreviousMergeHour().Count;

    [Benchmark]
    public double FourQuantiles() =>
        _merged.Quantile(0.5)!.Value + _merged.Quantile(0.9)!.Value + _merged.Quantile(0.95)!.Value + _merged.Quantile(0.99)!.Value;

    [Benchmark]
    public double PreviousFourQuantiles() =>
        _previousMerged.Quantile(0.5) + _previousMerged.Quantile(0.9) + _previousMerged.Quantile(0.95) + _previousMerged.Quantile(0.99);

    private PreviousQuantileSketch PreviousMergeHour()
    {
        var merged = new PreviousQuantileSketch();
        foreach (var bucket in _previousBuckets)
        {
            merged.Merge(bucket);
        }

        return merged;
    }

    private QuantileSketch MergeHour()
    {
        var merged = new QuantileSketch();
        foreach (var bucket in _buckets)
        {
            merged.Merge(bucket);
        }

        return merged;
    }
}
