using System.Globalization;
using TestSupport.Cache;
using BenchmarkDotNet.Attributes;
using ServiceDefaults.Redis;

namespace Benchmarks.Redis;

/// <summary>
/// Pipelined SET/GET through our client against the same redis-server that <see cref="RedisBenchmarkBaseline"/>
/// measures first. Shape: one multiplexed connection (as the services use it), <see cref="Callers"/> concurrent
/// callers each sending batches of 16 commands, like redis-benchmark's 50 clients with -P 16; values of 3 bytes
/// (redis-benchmark's default -d 3).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
[MemoryDiagnoser]
public class RedisPipelineBenchmarks
{
    private const int Depth = 16;
    private const int Callers = 50;
    private const int BatchesPerCaller = 20;
    private const int OperationsPerRun = Callers * BatchesPerCaller * Depth;

    private CacheServer? _server;
    private RedisClient? _client;
    private (string, object[])[][] _setBatches = [];
    private (string, object[])[][] _getBatches = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await CacheServer.StartAsync(new CacheServerOptions { Kind = CacheServerKind.Redis });
        _client = new RedisClient(RedisOptions.Parse(_server.ConnectionString));
        var value = new byte[3];
        _setBatches = new (string, object[])[Callers][];
        _getBatches = new (string, object[])[Callers][];
        for (var c = 0; c < Callers; c++)
        {
            _setBatches[c] = new (string, object[])[Depth];
            _getBatches[c] = new (string, object[])[Depth];
            for (var i = 0; i < Depth; i++)
            {
                var key = "key:" + (c * Depth + i).ToString("D12", CultureInfo.InvariantCulture);
                _setBatches[c][i] = ("SET", [key, value]);
                _getBatches[c][i] = ("GET", [key]);
            }
        }

        await RedisBenchmarkBaseline.RunAsync(_server);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = OperationsPerRun)]
    public Task PipelinedSet() => RunAsync(_setBatches);

    [Benchmark(OperationsPerInvoke = OperationsPerRun)]
    public Task PipelinedGet() => RunAsync(_getBatches);

    private Task RunAsync((string, object[])[][] batches)
    {
        var tasks = new Task[Callers];
        for (var c = 0; c < Callers; c++)
        {
            tasks[c] = CallerAsync(batches[c]);
        }

        return Task.WhenAll(tasks);
    }

    private async Task CallerAsync((string, object[])[] batch)
    {
        for (var b = 0; b < BatchesPerCaller; b++)
        {
            await _client!.ExecuteBatchAsync(batch);
        }
    }
}
