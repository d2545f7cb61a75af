using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ServiceDefaults.Events;
using StackExchange.Redis;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// Watches the queue every few seconds: its length and its lag (the age of the oldest pending event). Exposed as
/// gauges and as the <c>consumer</c> health check (Degraded when the lag passes the configured bound).
/// </summary>
internal sealed class QueueMonitor : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(2);

    private readonly Func<IDatabase> _cache;
    private readonly AggregatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueMonitor> _logger;
    private QueueState? _state;

    public QueueMonitor(Func<IDatabase> cache, IOptions<AggregatorOptions> options, AggregatorMetrics metrics, TimeProvider time, ILogger<QueueMonitor> logger)
    {
        _cache = cache;
        _options = options.Value;
        _time = time;
        _logger = logger;
        metrics.Meter.CreateObservableGauge("telemetry.aggregator.queue.length", () => _state?.Length ?? 0, "{event}", "Events waiting in the queue.");
        metrics.Meter.CreateObservableGauge("telemetry.aggregator.queue.lag", () => _state?.Lag.TotalSeconds ?? 0, "s", "Age of the oldest waiting event.");
    }

    /// <summary>The last observed state, or null before the first successful read.</summary>
    public QueueState? State => _state;

    /// <summary>Reads the queue length and the age of its oldest entry now.</summary>
    public async Task<QueueState> ReadAsync(CancellationToken cancellationToken)
    {
        var db = _cache();
        var lengthRead = db.ListLengthAsync(EventQueueKeys.Pending);
        var oldestRead = db.ListGetByIndexAsync(EventQueueKeys.Pending, -1);
        await Task.WhenAll(lengthRead, oldestRead).WaitAsync(cancellationToken);
        var length = lengthRead.Result;
        var oldest = (byte[]?)oldestRead.Result;
        var lag = TimeSpan.Zero;
        if (oldest is not null && Timestamp(oldest) is { } unixMs)
        {
            lag = TimeSpan.FromMilliseconds(Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - unixMs));
        }

        var state = new QueueState(length, lag, _time.GetUtcNow());
        _state = state;
        return state;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var state = await ReadAsync(cancellationToken);
            var data = new Dictionary<string, object> { ["queue_length"] = state.Length, ["lag_seconds"] = Math.Round(state.Lag.TotalSeconds, 3) };
            return state.Lag <= _options.MaxHealthyLag
                ? HealthCheckResult.Healthy($"{state.Length} events waiting, lag {state.Lag.TotalSeconds:0.0} s", data)
                : HealthCheckResult.Degraded($"Consumer lag {state.Lag.TotalSeconds:0.0} s exceeds {_options.MaxHealthyLag.TotalSeconds:0} s ({state.Length} events waiting)", data: data);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or RedisServerException or InvalidOperationException)
        {
            return HealthCheckResult.Degraded($"Queue state unknown: {e.Message}");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadAsync(stoppingToken);
                await Task.Delay(s_period, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or RedisServerException or InvalidOperationException)
            {
                AggregatorLog.MonitorFailed(_logger, e.Message);
                await Task.Delay(s_period, _time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private static long? Timestamp(byte[] entry)
    {
        try
        {
            using var doc = JsonDocument.Parse(entry);
            return doc.RootElement.TryGetProperty("timestamp_unix_ms", out var ts) && ts.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null; // A malformed entry has no age; the consumer will dead-letter it.
        }
    }
}

/// <summary>Queue length and lag at a moment.</summary>
internal sealed record QueueState(long Length, TimeSpan Lag, DateTimeOffset ObservedAt);
