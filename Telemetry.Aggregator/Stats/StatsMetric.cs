using Telemetry.Aggregator.Sketches;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Stats;

/// <summary>A figure computed from a span of bucket totals: what <c>/stats/timeseries</c> charts and <c>/stats/top</c> ranks by.</summary>
internal sealed record StatsMetric(string Name, Func<WindowTotals, double, double?> Compute)
{
    /// <summary>Every metric by name.</summary>
    public static readonly IReadOnlyDictionary<string, StatsMetric> Known = Build();

    /// <summary>The known names, for error messages.</summary>
    public static string KnownNames => string.Join(", ", Known.Keys);

    private static Dictionary<string, StatsMetric> Build()
    {
        var metrics = new List<StatsMetric>
        {
            new("requests", (t, _) => t[EventFields.Requests]),
            new("errors", (t, _) => t[EventFields.Errors]),
            new("error_rate", (t, _) => t[EventFields.Requests] == 0 ? null : (double)t[EventFields.Errors] / t[EventFields.Requests]),
            new("requests_per_s", (t, s) => t[EventFields.Requests] / s),
            new("output_tokens_per_s", (t, s) => t[EventFields.OutputTokens] / s),
            new("input_tokens", (t, _) => t[EventFields.InputTokens]),
            new("output_tokens", (t, _) => t[EventFields.OutputTokens]),
            new("cost_usd", (t, _) => t[EventFields.CostNanoUsd] / 1_000_000_000.0),
            new("satisfaction_rate", (t, _) => Satisfaction(t)),
            new("refusal_rate", (t, _) => t[EventFields.Requests] == 0 ? null : (double)t[EventFields.Refusals] / t[EventFields.Requests]),
            new("queue_wait_mean_ms", (t, _) => t[EventFields.QueueWaitCount] == 0 ? null : t[EventFields.QueueWaitMicros] / 1000.0 / t[EventFields.QueueWaitCount]),
        };
        foreach (var (prefix, name) in new[] { (EventFields.Latency, "latency"), (EventFields.Ttft, "ttft"), (EventFields.Tpot, "tpot") })
        {
            foreach (var (label, q) in new[] { ("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99) })
            {
                metrics.Add(new($"{name}_{label}", (t, _) => t.Sketch(prefix, LogarithmicMapping.Default).Quantile(q)));
            }
        }

        return metrics.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    private static double? Satisfaction(WindowTotals t)
    {
        var up = t[EventFields.FeedbackUp];
        var all = up + t[EventFields.FeedbackDown];
        return all == 0 ? null : (double)up / all;
    }
}
