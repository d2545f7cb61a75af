using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Telemetry.Aggregator.Ingest;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Stats;

/// <summary>
/// The rolling figures as gauges at <c>/metrics</c> (1 m, 5 m and 1 h windows, overall and per model), refreshed from the
/// shared buckets on a period (10 s by default) so a scrape never waits on the cache; and the shared ingest counters.
/// </summary>
internal sealed class WindowGauges : BackgroundService
{
    private static readonly StatsWindow[] s_windows = [StatsWindow.Find("1m")!, StatsWindow.Find("5m")!, StatsWindow.Find("1h")!];

    private readonly StatsService _stats;
    private readonly WindowReader _reader;
    private readonly Func<IDatabase> _cache;
    private readonly TimeProvider _time;
    private readonly ILogger<WindowGauges> _logger;
    private readonly TimeSpan _period;
    private volatile IReadOnlyList<(StatsSnapshot Snapshot, string? Model)> _snapshots = [];
    private volatile IReadOnlyList<(string Result, long Count)> _ingest = [];

    public WindowGauges(StatsService stats, WindowReader reader, Func<IDatabase> cache, AggregatorMetrics metrics, IOptions<AggregatorOptions> options, TimeProvider time, ILogger<WindowGauges> logger)
    {
        _period = options.Value.GaugeRefreshInterval;
        _stats = stats;
        _reader = reader;
        _cache = cache;
        _time = time;
        _logger = logger;
        var meter = metrics.Meter;
        meter.CreateObservableGauge("telemetry.window.requests", () => Each(s => s.Requests), "{request}", "Requests completed in the window.");
        meter.CreateObservableGauge("telemetry.window.error_rate", () => Each(s => s.ErrorRate), "1", "Share of requests that failed in the window.");
        meter.CreateObservableGauge("telemetry.window.output_tokens", () => Each(s => s.Throughput.OutputTokensPerS), "{token}/s", "Output tokens per second over the window.");
        meter.CreateObservableGauge("telemetry.window.satisfaction", () => _snapshots
            .Where(s => s.Snapshot.Feedback.SatisfactionRate is not null)
            .Select(s => new Measurement<double>(s.Snapshot.Feedback.SatisfactionRate!.Value, Tags(s.Snapshot, s.Model, null))), "1", "Share of positive feedback in the window.");
        meter.CreateObservableGauge("telemetry.window.cost_usd", () => Each(s => s.CostUsd), "{USD}", "Estimated cost in the window.");
        meter.CreateObservableGauge("telemetry.window.latency", () => Quantiles(s => s.LatencyMs), "ms", "Request latency quantiles over the window.");
        meter.CreateObservableGauge("telemetry.window.time_to_first_token", () => Quantiles(s => s.TtftMs), "ms", "Time to first token quantiles over the window.");
        meter.CreateObservableGauge("telemetry.window.time_per_output_token", () => Quantiles(s => s.TpotMs), "ms", "Time per output token quantiles over the window.");
        meter.CreateObservableGauge("telemetry.ingest.events", () => _ingest.Select(i => new Measurement<long>(i.Count, new KeyValuePair<string, object?>("result", i.Result))), "{event}",
            "Events handled by all aggregator replicas since the counters were created, by result (shared in the cache).");
    }

    /// <summary>Recomputes the snapshots now.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshots = new List<(StatsSnapshot, string?)>();
        foreach (var window in s_windows)
        {
            var models = await _reader.SeriesAsync(window, SeriesNames.ModelPrefix, _time.GetUtcNow(), cancellationToken);
            var read = await _stats.SnapshotsAsync(window, [SeriesNames.All, .. models], cancellationToken);
            snapshots.Add((read[0], null));
            for (var i = 0; i < models.Count; i++)
            {
                snapshots.Add((read[i + 1], models[i][SeriesNames.ModelPrefix.Length..]));
            }
        }

        var hash = await _cache().HashGetAllAsync(ServiceDefaults.Events.EventQueueKeys.Stats).WaitAsync(cancellationToken);
        var ingest = new List<(string, long)>(hash.Length);
        foreach (var entry in hash)
        {
            ingest.Add((entry.Name.ToString(), (long)entry.Value));
        }

        _snapshots = snapshots;
        _ingest = ingest;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or RedisServerException or InvalidOperationException)
            {
                AggregatorLog.MonitorFailed(_logger, e.Message);
            }

            try
            {
                await Task.Delay(_period, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private IEnumerable<Measurement<double>> Each(Func<StatsSnapshot, double> value) =>
        _snapshots.Select(s => new Measurement<double>(value(s.Snapshot), Tags(s.Snapshot, s.Model, null)));

    private IEnumerable<Measurement<double>> Quantiles(Func<StatsSnapshot, QuantileStats?> value)
    {
        foreach (var (snapshot, model) in _snapshots)
        {
            if (value(snapshot) is { } q)
            {
                yield return new(q.P50, Tags(snapshot, model, "0.5"));
                yield return new(q.P90, Tags(snapshot, model, "0.9"));
                yield return new(q.P95, Tags(snapshot, model, "0.95"));
                yield return new(q.P99, Tags(snapshot, model, "0.99"));
            }
        }
    }

    private static KeyValuePair<string, object?>[] Tags(StatsSnapshot snapshot, string? model, string? quantile)
    {
        var tags = new List<KeyValuePair<string, object?>> { new("window", snapshot.Window) };
        if (model is not null)
        {
            tags.Add(new("gen_ai.request.model", model));
        }

        if (quantile is not null)
        {
            tags.Add(new("quantile", quantile));
        }

        return [.. tags];
    }
}
