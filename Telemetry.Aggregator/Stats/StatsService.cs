using Telemetry.Aggregator.Sketches;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Stats;

/// <summary>The figures of the stats API, computed from the shared buckets (so every replica answers the same).</summary>
internal sealed class StatsService(WindowReader reader, TimeProvider time)
{
    /// <summary>The <c>/stats</c> snapshot of one series over a window ending now.</summary>
    public async Task<StatsSnapshot> SnapshotAsync(StatsWindow window, string series, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var totals = await reader.ReadWindowAsync(window, series, now, cancellationToken);
        return StatsSnapshot.Fold(window, now, totals, LogarithmicMapping.Default);
    }

    /// <summary>The snapshots of several series over the same window, read in one pipelined round.</summary>
    public async Task<StatsSnapshot[]> SnapshotsAsync(StatsWindow window, IReadOnlyList<string> series, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var totals = await reader.ReadWindowsAsync(window, series, now, cancellationToken);
        return [.. totals.Select(t => StatsSnapshot.Fold(window, now, t, LogarithmicMapping.Default))];
    }

    /// <summary>One point per step over the window, oldest first.</summary>
    public async Task<IReadOnlyList<TimeseriesPoint>> TimeseriesAsync(StatsWindow window, TimeSpan step, StatsMetric metric, string series, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var starts = window.BucketStarts(now);
        var buckets = await reader.ReadBucketsAsync(series, window.Resolution, starts, cancellationToken);
        var perStep = (int)(step.TotalSeconds / window.Resolution.Seconds);
        var points = new List<TimeseriesPoint>(starts.Length / perStep);
        for (var i = 0; i < starts.Length; i += perStep)
        {
            var merged = new WindowTotals();
            for (var j = i; j < Math.Min(i + perStep, starts.Length); j++)
            {
                merged.Add(buckets[j]);
            }

            var value = metric.Compute(merged, step.TotalSeconds);
            points.Add(new TimeseriesPoint(DateTimeOffset.FromUnixTimeSeconds(starts[i]), value is { } v ? Math.Round(v, 6) : null));
        }

        return points;
    }

    /// <summary>Spend of <paramref name="series"/> since the start of the current UTC day (or month) up to now.</summary>
    public async Task<CostResponse> CostAsync(string period, string series, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DailyCost.DayStart(now.ToUnixTimeSeconds());
        var from = period == "month" ? new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero) : DateTimeOffset.FromUnixTimeSeconds(today);
        var cost = await reader.CostAsync(series, from.ToUnixTimeSeconds(), today, cancellationToken);
        return new CostResponse(period, from, now, series, Math.Round(cost, 9));
    }

    /// <summary>The series of a dimension ranked by <paramref name="metric"/> over the window, highest first.</summary>
    public async Task<IReadOnlyList<TopItem>> TopAsync(StatsWindow window, string prefix, StatsMetric metric, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var items = new List<TopItem>();
        var names = await reader.SeriesAsync(window, prefix, now, cancellationToken);
        var windows = await reader.ReadWindowsAsync(window, names, now, cancellationToken);
        for (var i = 0; i < names.Count; i++)
        {
            var (series, totals) = (names[i], windows[i]);
            var requests = totals[EventFields.Requests];
            if (requests > 0 && metric.Compute(totals, window.Length.TotalSeconds) is { } value)
            {
                items.Add(new TopItem(series[prefix.Length..], Math.Round(value, 6), requests));
            }
        }

        return [.. items.OrderByDescending(i => i.Value).ThenBy(i => i.Name, StringComparer.Ordinal).Take(limit)];
    }
}
