using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TestSupport.Processes;
using ServiceDefaults.Events;
using StackExchange.Redis;

namespace Benchmarks.Faults;

/// <summary>
/// The system as real processes for a fault scenario: a redis-server with an fsync-always append-only file on a
/// fixed loopback port (so it can be killed and restarted where the services expect it), aggregator replicas and
/// one Inference.Api, all from the build of this configuration (Release for the recorded runs), with per-scenario settings.
/// </summary>
internal sealed class LocalSystem : IAsyncDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("faults-");
    private readonly int _cachePort = FreePort.Next();
    private readonly List<ChildProcess> _aggregators = [];
    private ChildProcess? _cache;
    private ChildProcess? _inference;
    private ConnectionMultiplexer? _admin;

    private LocalSystem()
    {
    }

    public string CacheConnectionString => "127.0.0.1:" + _cachePort.ToString(CultureInfo.InvariantCulture);

    public Uri Inference { get; } = new("http://127.0.0.1:" + FreePort.Next());

    public List<Uri> Aggregators { get; } = [];

    public IReadOnlyList<ChildProcess> AggregatorProcesses => _aggregators;

    public ChildProcess InferenceProcess => _inference!;

    /// <summary>Starts the cache, <paramref name="replicas"/> aggregators and the inference API; returns when all are healthy.</summary>
    public static async Task<LocalSystem> StartAsync(int replicas = 1, IReadOnlyDictionary<string, string>? aggregatorSettings = null, IReadOnlyDictionary<string, string>? inferenceSettings = null)
    {
        var system = new LocalSystem();
        await system.StartCacheAsync();
        for (var i = 0; i < replicas; i++)
        {
            var url = new Uri("http://127.0.0.1:" + FreePort.Next());
            system.Aggregators.Add(url);
            system._aggregators.Add(system.StartService("Telemetry.Aggregator", url, aggregatorSettings));
        }

        system._inference = system.StartService("Inference.Api", system.Inference, inferenceSettings);
        for (var i = 0; i < replicas; i++)
        {
            await HealthProbe.WaitHealthyAsync("aggregator-" + i, system.Aggregators[i], system._aggregators[i], TimeSpan.FromSeconds(60), CancellationToken.None);
        }

        await HealthProbe.WaitHealthyAsync("inference", system.Inference, system._inference, TimeSpan.FromSeconds(60), CancellationToken.None);
        return system;
    }

    /// <summary>SIGKILL of the cache server.</summary>
    public async Task KillCacheAsync()
    {
        Signals.Send(_cache!.Id, "KILL");
        await _cache.WaitForExitAsync();
        await _cache.DisposeAsync();
    }

    /// <summary>Starts the cache again on the same port and data folder (it replays its append-only file).</summary>
    public Task RestartCacheAsync() => StartCacheAsync();

    /// <summary>The aggregator's request count over <paramref name="window"/> (first replica that answers).</summary>
    public async Task<long> CountedAsync(string window)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var aggregator in Aggregators)
        {
            try
            {
                using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(aggregator, "/stats?window=" + window)));
                return doc.RootElement.GetProperty("requests").GetInt64();
            }
            catch (HttpRequestException)
            {
                // a killed replica: ask the next
            }
        }

        return -1;
    }

    /// <summary>Waits (bounded) until the aggregator counts <paramref name="expected"/> requests; returns the last count.</summary>
    public async Task<long> WaitCountedAsync(long expected, TimeSpan timeout, string window = "15m")
    {
        var deadline = Stopwatch.StartNew();
        long counted;
        while ((counted = await CountedAsync(window)) < expected && deadline.Elapsed < timeout)
        {
            await Task.Delay(250);
        }

        return counted;
    }

    /// <summary>Length of the pending event queue.</summary>
    public async Task<long> QueueLengthAsync() => await (await AdminAsync()).ListLengthAsync(EventQueueKeys.Pending);

    /// <summary>
    /// Pushes <paramref name="count"/> valid request events straight onto the pending queue, as Inference.Api would
    /// publish them, each with its own id: a backlog the consumers must work through (and count).
    /// </summary>
    public async Task PushBacklogAsync(int count)
    {
        var redis = await AdminAsync();
        var run = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var entries = Enumerable.Range(0, count).Select(i => (RedisValue)JsonSerializer.SerializeToUtf8Bytes<TelemetryEvent>(
            new RequestCompleted
            {
                EventId = $"backlog-{run}-{i}",
                TimestampUnixMs = now,
                RequestId = $"backlog-{run}-{i}",
                Model = "backlog",
                Route = "generate",
                Operation = "text_completion",
                Outcome = "success",
                Status = 200,
                LatencyMs = 10,
                InputTokens = 8,
                OutputTokens = 4,
            },
            TelemetryEventJsonContext.Default.TelemetryEvent));
        foreach (var chunk in entries.Chunk(1000))
        {
            await redis.ListLeftPushAsync(EventQueueKeys.Pending, chunk);
        }
    }

    /// <summary>Entries held unacknowledged by the consumers of the aggregator process <paramref name="pid"/> (ids embed the pid).</summary>
    public async Task<long> HeldByAsync(int pid)
    {
        var redis = await AdminAsync();
        long held = 0;
        foreach (var member in await redis.SetMembersAsync(EventQueueKeys.Consumers))
        {
            if ((string?)member is { } id && id.Contains("-" + pid.ToString(CultureInfo.InvariantCulture) + "-", StringComparison.Ordinal))
            {
                held += await redis.ListLengthAsync(EventQueueKeys.ProcessingPrefix + id);
            }
        }

        return held;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        if (_inference is not null)
        {
            await _inference.DisposeAsync();
        }

        foreach (var aggregator in _aggregators)
        {
            await aggregator.DisposeAsync();
        }

        if (_cache is not null)
        {
            await _cache.DisposeAsync();
        }

        _data.Delete(recursive: true);
    }

    /// <summary>One connection for the scenario's own looks at the queue (reused: a fresh connect per look is slow on a busy machine).</summary>
    private async Task<IDatabase> AdminAsync() => (_admin ??= await ConnectionMultiplexer.ConnectAsync(CacheConnectionString)).GetDatabase();

    private async Task StartCacheAsync()
    {
        var info = new ProcessStartInfo(ExecutableLocator.Find("redis-server") ?? throw new InvalidOperationException("redis-server is not on PATH (apt-get install -y redis-server)."))
        {
            WorkingDirectory = _data.FullName,
        };
        foreach (var arg in new[] { "--port", _cachePort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "yes", "--appendfsync", "always", "--dir", _data.FullName })
        {
            info.ArgumentList.Add(arg);
        }

        _cache = ChildProcess.Start("redis-server", info);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(CacheConnectionString);
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or RedisServerException && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }
    }

    private ChildProcess StartService(string project, Uri url, IReadOnlyDictionary<string, string>? settings)
    {
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet")!) { WorkingDirectory = Path.Combine(RepositoryLayout.RepoRoot, project) };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(RepositoryLayout.RepoRoot, project, "bin", RepositoryLayout.Configuration, "net10.0", project + ".dll"));
        info.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        info.Environment["ConnectionStrings__cache"] = CacheConnectionString;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // One client sends everything: the per-client rate limit (600/min by default) is not what is tested.
        info.Environment["Auth__RequestsPerMinute"] = "0";
        info.Environment["Telemetry__Events__SpoolDirectory"] = Path.Combine(_data.FullName, "spool-" + FreePort.Next());
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return ChildProcess.Start(project, info);
    }
}
