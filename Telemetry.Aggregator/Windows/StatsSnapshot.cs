namespace Telemetry.Aggregator.Windows;

/// <summary>The <c>GET /stats</c> body (contract in ARCHITECTURE.md).</summary>
internal sealed record StatsSnapshot(
    string Window,
    DateTimeOffset From,
    DateTimeOffset To,
    long Requests,
    ErrorStats Errors,
    double ErrorRate,
    ThroughputStats Throughput,
    QuantileStats? LatencyMs,
    QuantileStats? TtftMs,
    QuantileStats? TpotMs,
    TokenStats Tokens,
    double CostUsd,
    FeedbackStats Feedback)
{
    /// <summary>Folds window totals into the published figures.</summary>
    public static StatsSnapshot Fold(StatsWindow window, DateTimeOffset now, WindowTotals totals, Sketches.LogarithmicMapping mapping)
    {
        var requests = totals[EventFields.Requests];
        var errors = totals[EventFields.Errors];
        var seconds = window.Length.TotalSeconds;
        var up = totals[EventFields.FeedbackUp];
        var down = totals[EventFields.FeedbackDown];
        return new StatsSnapshot(
            window.Name,
            now - window.Length,
            now,
            requests,
            new ErrorStats(errors, totals.WithPrefix(EventFields.Errors + ":")),
            requests == 0 ? 0 : Math.Round((double)errors / requests, 4),
            new ThroughputStats(Math.Round(requests / seconds, 4), Math.Round(totals[EventFields.OutputTokens] / seconds, 4)),
            QuantileStats.Of(totals.Sketch(EventFields.Latency, mapping)),
            QuantileStats.Of(totals.Sketch(EventFields.Ttft, mapping)),
            QuantileStats.Of(totals.Sketch(EventFields.Tpot, mapping)),
            new TokenStats(totals[EventFields.InputTokens], totals[EventFields.OutputTokens]),
            totals[EventFields.CostNanoUsd] / 1_000_000_000.0,
            new FeedbackStats(up, down, totals[EventFields.FeedbackUnknown], up + down == 0 ? null : Math.Round((double)up / (up + down), 4)));
    }
}

/// <summary>Failed requests, in total and by error type.</summary>
internal sealed record ErrorStats(long Total, Dictionary<string, long> ByType);

/// <summary>Rates over the window.</summary>
internal sealed record ThroughputStats(double RequestsPerS, double OutputTokensPerS);

/// <summary>Token totals.</summary>
internal sealed record TokenStats(long Input, long Output);

/// <summary>Feedback counts and the satisfaction rate (share of positive scores).</summary>
internal sealed record FeedbackStats(long Positive, long Negative, long UnknownRequest, double? SatisfactionRate);

/// <summary>p50/p90/p95/p99 of a sketch, rounded to 0.01 ms.</summary>
internal sealed record QuantileStats(double P50, double P90, double P95, double P99, long Count)
{
    /// <summary>The quantiles, or null for an empty sketch.</summary>
    public static QuantileStats? Of(Sketches.QuantileSketch sketch) =>
        sketch.Count == 0
            ? null
            : new QuantileStats(Round(sketch.Quantile(0.5)), Round(sketch.Quantile(0.9)), Round(sketch.Quantile(0.95)), Round(sketch.Quantile(0.99)), sketch.Count);

    private static double Round(double? value) => Math.Round(value ?? 0, 2);
}
