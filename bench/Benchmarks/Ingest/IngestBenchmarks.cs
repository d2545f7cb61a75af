using TestSupport.Cache;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDefaults.Events;
using StackExchange.Redis;
using Telemetry.Aggregator.Ingest;

namespace Benchmarks.Ingest;

/// <summary>
/// Sustained aggregator ingest on one instance with a local redis-server: each invocation pushes
/// <see cref="EventsPerInvoke"/> request events in LPUSHes of 1 000 (as the Inference.Api publisher does) while the
/// production consumer drains them concurrently: <see cref="Consumers"/> loops of at most <see cref="BatchSize"/>
/// entries, exactly as <c>ConsumerService</c> runs them. Timed until every event is applied; reported per event
/// (events/s = 1 / mean). Serialising the events is done before the iteration. The peer in the same run is
/// redis-benchmark's pipelined SET/GET on the same server.
/// <see cref="ConsumeBacklog"/> times the aggregator alone: the same events are pushed before the clock starts, so
/// the producer's LPUSH work (in production another process on another machine, the Inference.Api publishers) does
/// not compete for the two cores; Redis still runs on them.
/// </summary>
[Config(typeof(GcModes))]
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const int EventsPerInvoke = 100_000;

    /// <summary>
    /// Two jobs in one run: Server GC is what the aggregator runs with (the Web SDK's default for
    /// Telemetry.Aggregator); workstation GC is a console process's default and what earlier runs measured.
    /// </summary>
    private sealed class GcModes : ManualConfig
    {
        public GcModes()
        {
            var job = Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(6).WithInvocationCount(1).WithUnrollFactor(1);
            AddJob(job.WithGcServer(false).WithId("workstation-gc"));
            AddJob(job.WithGcServer(true).WithId("server-gc"));
        }
    }

    private CacheServer? _server;
    private ConnectionMultiplexer? _client;
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
        _client = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString + ",allowAdmin=true");
        var options = new AggregatorOptions { BatchSize = BatchSize };
        _consumers = [.. Enumerable.Range(0, Consumers).Select(i => new QueueConsumer(_client.GetDatabase(), options, new AggregatorMetrics(), TimeProvider.System, NullLogger.Instance, "bench-" + i))];
    }

    [IterationSetup(Target = nameof(ProduceAndConsume))]
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
    public Task ProduceAndConsume() => Task.WhenAll(Task.Run(ProduceAsync), ConsumeAllAsync());

    /// <summary>Serialises the events and pushes them all before the clock starts.</summary>
    [IterationSetup(Target = nameof(ConsumeBacklog))]
    public void FillQueue()
    {
        Fill();
        ProduceAsync().GetAwaiter().GetResult();
    }

    /// <summary>Drains a backlog of <see cref="EventsPerInvoke"/> events: the aggregator's own ingest rate.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public Task ConsumeBacklog() => ConsumeAllAsync();

    private async Task ProduceAsync()
    {
        foreach (var chunk in _entries.Chunk(1000))
        {
            await _client!.GetDatabase().ListLeftPushAsync(EventQueueKeys.Pending, [.. chunk.Select(e => (RedisValue)e)]);
        }
    }

    private Task ConsumeAllAsync()
    {
        var handled = 0;
        return Task.WhenAll(_consumers.Select(c => Task.Run(async () =>
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
        })));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_client is not null)
        {
            // Where the server's time went: the claim and apply scripts' microseconds per call.
            var info = await _client.GetServer(_client.GetEndPoints()[0]).InfoRawAsync("commandstats") ?? string.Empty;
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
