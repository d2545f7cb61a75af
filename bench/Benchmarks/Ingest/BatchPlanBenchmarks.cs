using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ServiceDefaults.Events;
using Telemetry.Aggregator.Ingest;
using Telemetry.Aggregator.Sketches;

namespace Benchmarks.Ingest;

/// <summary>The consumer's CPU share of ingest: validating 1 000 queued events and building the apply script's arguments (no Redis).</summary>
[MemoryDiagnoser]
public class BatchPlanBenchmarks
{
    private const int BatchSize = 1000;

    private readonly AggregatorOptions _options = new();
    private byte[][] _entries = [];
    private EventValidator? _validator;

    [GlobalSetup]
    public void Setup()
    {
        _validator = new EventValidator(_options);
        var now = DateTimeOffset.UtcNow;
        _entries = [.. Enumerable.Range(0, BatchSize).Select(i => JsonSerializer.SerializeToUtf8Bytes<TelemetryEvent>(
            new RequestCompleted
            {
                EventId = "e" + i,
                TimestampUnixMs = now.AddMilliseconds(-(i % 60_000)).ToUnixTimeMilliseconds(),
                RequestId = "r" + i,
                Model = i % 4 == 0 ? "other" : "kjv-5m",
                Route = i % 3 == 0 ? "chat_completions" : "generate",
                Operation = "chat",
                Outcome = "success",
                LatencyMs = 20 + (i * 7919 % 3000) / 10.0,
                TtftMs = 3 + (i % 97) / 10.0,
                TpotMs = 1 + (i % 31) / 10.0,
                InputTokens = 20 + i % 200,
                OutputTokens = 10 + i % 100,
                CostUsd = 0.000_01,
                Tenant = "t" + (i % 5),
            },
            TelemetryEventJsonContext.Default.TelemetryEvent))];
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
        var plan = BatchPlan.Create(_entries, _validator!, _options, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return plan.BuildApply("processing", "bench", LogarithmicMapping.Default).Args.Length;
    }
}
