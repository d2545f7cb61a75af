using System.Text.Json;
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

    private static readonly string[] s_models = ["kjv-5m", "kjv-5m", "kjv-5m", "other"];
    private static readonly string[] s_tenants = ["acme", "globex", "initech", "umbrella", "hooli"];

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
            var e = new RequestCompleted
            {
                EventId = $"r{round}-{i}",
                TimestampUnixMs = now.AddMilliseconds(-(i % 60_000)).ToUnixTimeMilliseconds(),
                RequestId = $"req-{round}-{i}",
                Model = s_models[i % s_models.Length],
                Route = i % 3 == 0 ? "chat_completions" : "generate",
                Operation = i % 3 == 0 ? "chat" : "text_completion",
                Outcome = i % 100 == 0 ? "error" : "success",
                ErrorType = i % 100 == 0 ? "timeout" : null,
                Status = 200,
                LatencyMs = 20 + (i * 7919 % 3000) / 10.0,
                TtftMs = 3 + (i % 97) / 10.0,
                TpotMs = 1 + (i % 31) / 10.0,
                InputTokens = 20 + i % 200,
                OutputTokens = 10 + i % 100,
                CostUsd = 0.000_01,
                Tenant = s_tenants[i % s_tenants.Length],
                PromptChars = 120,
            };
            entries.Add(JsonSerializer.SerializeToUtf8Bytes<TelemetryEvent>(e, TelemetryEventJsonContext.Default.TelemetryEvent));
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
