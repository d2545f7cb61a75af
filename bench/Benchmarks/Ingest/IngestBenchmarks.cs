using AppHost.Cache;
using BenchmarkDotNet.Attributes;
using Benchmarks.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDefaults.Events;
using ServiceDefaults.Redis;
using Telemetry.Aggregator.Ingest;

namespace Benchmarks.Ingest;

/// <summary>
/// Sustained aggregator ingest on one instance with a local redis-server: each invocation pushes
/// <see cref="EventsPerInvoke"/> request events in LPUSHes of 1 000 (as the Inference.Api publisher does) while the
/// production consumer drains them concurrently: <see cref="Consumers"/> loops of at most <see cref="BatchSize"/>
/// entries, exactly as <c>ConsumerService</c> runs them. Timed until every event is applied; reported per event
/// (events/s = 1 / mean). Serialising the events is done before the iteration. The peer in the same run is
/// redis-benchmark's pipelined SET/GET on the same server.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 6, invocationCount: 1)]
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const int EventsPerInvoke = 100_000;

    private CacheServer? _server;
    private RedisClient? _client;
    private QueueConsumer[] _consumers = [];
    private int _round;
    private List<byte[]> _entries = [];

    [Params(1, 2)]
    public int Consumers { get; set; }

    [Params(1000, 10_000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await CacheServer.StartAsync(new CacheServerOptions { Kind = CacheServerKind.Redis });
        await RedisBenchmarkBaseline.RunAsync(_server);
        _client = new RedisClient(RedisOptions.Parse(_server.ConnectionString));
        var options = new AggregatorOptions { BatchSize = BatchSize };
        _consumers = [.. Enumerable.Range(0, Consumers).Select(i => new QueueConsumer(_client, options, new AggregatorMetrics(), TimeProvider.System, NullLogger.Instance, "bench-" + i))];
    }

    [IterationSetup]
    public void Fill()
    {
        var now = DateTimeOffset.UtcNow;
        var round = ++_round;
        var entries = new List<byte[]>(EventsPerInvoke);
        for (var i = 0; i < EventsPerInvoke; i++)
        {
            entries.Add(SyntheticEvents.Json($"r{round}-{i}", i, now.AddMilliseconds(-(i % 60_000))));
        }

        _entries = entries;
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public async Task ProduceAndConsume()
    {
        var handled = 0;
        var producer = Task.Run(async () =>
        {
            foreach (var chunk in _entries.Chunk(1000))
            {
                object[] args = [EventQueueKeys.Pending, .. chunk];
                await _client!.ExecuteAsync("LPUSH", args);
            }
        });
        var consumers = _consumers.Select(c => Task.Run(async () =>
        {
            while (Volatile.Read(ref handled) < EventsPerInvoke)
            {
                var n = await c.ProcessBatchAsync(CancellationToken.None);
                if (n == 0)
                {
                    await Task.Yield();
                }

                Interlocked.Add(ref handled, n);
            }
        }));
        await Task.WhenAll([producer, .. consumers]);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_client is not null)
        {
            // Where the server's time went: the claim and apply scripts' microseconds per call.
            var info = (await _client.ExecuteAsync("INFO", ["commandstats"])).AsString() ?? string.Empty;
            foreach (var line in info.Split('\n').Where(l => l.Contains("evalsha", StringComparison.Ordinal) || l.Contains("lpush", StringComparison.Ordinal)))
            {
                Console.WriteLine("redis commandstats: " + line.Trim());
            }

            await _client.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
