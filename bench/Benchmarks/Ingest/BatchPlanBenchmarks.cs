using BenchmarkDotNet.Attributes;
using Telemetry.Aggregator.Ingest;

namespace Benchmarks.Ingest;

/// <summary>The consumer's CPU share of ingest: validating 1 000 queued events and building the apply script's arguments (no Redis).</summary>
[MemoryDiagnoser]
public class BatchPlanBenchmarks
{
    private const int BatchSize = 1000;

    private readonly AggregatorOptions _options = new();
    private byte[][] _entries = [];
    private ReadOnlyMemory<byte>[] _memories = [];
    private EventValidator? _validator;

    [GlobalSetup]
    public void Setup()
    {
        _validator = new EventValidator(_options);
        var now = DateTimeOffset.UtcNow;
        _entries = [.. Enumerable.Range(0, BatchSize).Select(i => SyntheticEvents.Json("e" + i, i, now.AddMilliseconds(-(i % 60_000))))];
        _memories = [.. _entries.Select(e => (ReadOnlyMemory<byte>)e)];
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int ValidateOnly()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var valid = 0;
        foreach (var entry in _entries)
        {
            valid += _validator!.Validate(entry, now).Event is null ? 0 : 1;
        }

        return valid;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int PlanAndBuildArguments()
    {
        var plan = BatchPlan.Create(_memories, _validator!, _options, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return plan.BuildApply("processing", "bench").Args.Length;
    }
}
