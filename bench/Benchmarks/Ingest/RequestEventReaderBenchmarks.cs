using BenchmarkDotNet.Attributes;
using Inference.Api.Telemetry.Events;
using Telemetry.Aggregator.Ingest;

namespace Benchmarks.Ingest;

/// <summary>
/// Reading one real request event (678 bytes, written by Inference.Api's own <c>QueuedEvent.Serialize</c>, as
/// ingest-process queues them): the reader at 907de66 against the current one (label values from
/// <see cref="LabelCache"/>, member names matched by length first). Per event, over 1 000 distinct events.
/// </summary>
[MemoryDiagnoser]
public class RequestEventReaderBenchmarks
{
    private const int Events = 1000;

    private byte[][] _entries = [];

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _entries = [.. Enumerable.Range(0, Events).Select(i => new QueuedEvent(IngestProcess.Outcome(i, 0, now), null).Serialize().ToArray())];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int Previous()
    {
        var read = 0;
        foreach (var entry in _entries)
        {
            read += PreviousRequestEventReader.TryRead(entry) is null ? 0 : 1;
        }

        return read;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int Current()
    {
        var read = 0;
        foreach (var entry in _entries)
        {
            read += RequestEventReader.TryRead(entry) is null ? 0 : 1;
        }

        return read;
    }
}
