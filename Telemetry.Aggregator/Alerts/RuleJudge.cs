using Telemetry.Aggregator.Sketches;
using Telemetry.Aggregator.Stats;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Alerts;

/// <summary>Computes each rule's conditions from the shared windows, as of a given moment.</summary>
internal sealed class RuleJudge(WindowReader reader)
{
    /// <summary>The multi-window, multi-burn-rate pairs (long window, short window, burn factor), as in the SRE workbook.</summary>
    private static readonly (string Long, string Short, double Factor)[] s_burnPairs = [("1h", "5m", 14.4), ("6h", "30m", 6)];

    /// <summary>Judges one rule at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<Judgement>> JudgeAsync(AlertRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var series = SeriesNames.For(rule.Model, rule.Route, rule.Tenant);
        switch (rule.Kind)
        {
            case "threshold":
            {
                var window = StatsWindow.Find(rule.Window)!;
                var totals = await reader.ReadWindowAsync(window, series, now, cancellationToken);
                var value = StatsMetric.Known[rule.Metric!].Compute(totals, window.Length.TotalSeconds);
                bool? breached = totals[EventFields.Requests] < rule.MinRequests || value is null
                    ? null
                    : rule.Operator == ">" ? value > rule.Threshold : value < rule.Threshold;
                var examples = breached == true ? await ExamplesAsync(ExampleKind(rule.Metric!), window, now, cancellationToken) : null;
                return [new Judgement(rule.Name, rule, breached, Math.Round(value ?? 0, 6), rule.Threshold, window.Name, examples)];
            }

            case "slo_burn":
            {
                var budget = 1 - rule.Objective;
                var worst = 0.0;
                var breached = false;
                string? pairFired = null;
                foreach (var (longName, shortName, factor) in s_burnPairs)
                {
                    var longBurn = await BurnAsync(rule, series, StatsWindow.Find(longName)!, now, budget, cancellationToken);
                    var shortBurn = await BurnAsync(rule, series, StatsWindow.Find(shortName)!, now, budget, cancellationToken);
                    if (longBurn is { } l && shortBurn is { } s && l >= factor && s >= factor)
                    {
                        breached = true;
                        pairFired ??= $"{longName}/{shortName} at {factor}x";
                    }

                    worst = Math.Max(worst, Math.Min(longBurn ?? 0, shortBurn ?? 0));
                }

                var examples = breached ? await ExamplesAsync(rule.LatencyThresholdMs is null ? "error" : "slow", StatsWindow.Find("1h")!, now, cancellationToken) : null;
                return [new Judgement(rule.Name, rule, breached, Math.Round(worst, 3), breached ? FactorOf(pairFired!) : s_burnPairs[^1].Factor, pairFired ?? "1h/5m at 14.4x, 6h/30m at 6x", examples)];
            }

            case "budget":
            {
                var today = DailyCost.DayStart(now.ToUnixTimeSeconds());
                var first = rule.Period == "month" ? new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() : today;
                var cost = await reader.CostAsync(series, first, today, cancellationToken);
                var period = rule.Period == "month" ? "this month (UTC)" : "today (UTC)";
                return
                [
                    new Judgement(rule.Name + "@80%", rule, cost >= 0.8 * rule.Amount, Math.Round(cost, 6), 0.8 * rule.Amount, period),
                    new Judgement(rule.Name + "@100%", rule, cost >= rule.Amount, Math.Round(cost, 6), rule.Amount, period),
                ];
            }

            default:
                return [];
        }
    }

    private async Task<double?> BurnAsync(AlertRule rule, string series, StatsWindow window, DateTimeOffset now, double budget, CancellationToken cancellationToken)
    {
        var totals = await reader.ReadWindowAsync(window, series, now, cancellationToken);
        var requests = totals[EventFields.Requests];
        if (requests < Math.Max(1, rule.MinRequests))
        {
            return null;
        }

        var bad = rule.LatencyThresholdMs is { } limit
            ? totals.Sketch(EventFields.Latency, LogarithmicMapping.Default).CountAbove(limit)
            : totals[EventFields.Errors];
        return (double)bad / requests / budget;
    }

    private Task<IReadOnlyList<string>> ExamplesAsync(string? kind, StatsWindow window, DateTimeOffset now, CancellationToken cancellationToken) =>
        kind is null ? Task.FromResult<IReadOnlyList<string>>([]) : reader.ExamplesAsync(kind, window, now, 5, cancellationToken);

    /// <summary>Which examples show a metric's problem: the slowest requests for timings, the latest failures for errors.</summary>
    private static string? ExampleKind(string metric) =>
        metric.StartsWith("latency", StringComparison.Ordinal) || metric.StartsWith("ttft", StringComparison.Ordinal) || metric.StartsWith("tpot", StringComparison.Ordinal) ? "slow"
        : metric.StartsWith("error", StringComparison.Ordinal) ? "error"
        : null;

    private static double FactorOf(string pair) => pair.Contains("14.4", StringComparison.Ordinal) ? 14.4 : 6;
}
