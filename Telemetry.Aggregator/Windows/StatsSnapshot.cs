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
    long Refusals,
    double? QueueWaitMeanMs,
    TokenStats Tokens,
    double CostUsd,
    FeedbackStats Feedback,
    UsageStats Usage)
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
            totals[EventFields.Refusals],
            totals[EventFields.QueueWaitCount] == 0 ? null : Math.Round(totals[EventFields.QueueWaitMicros] / 1000.0 / totals[EventFields.QueueWaitCount], 3),
            new TokenStats(totals[EventFields.InputTokens], totals[EventFields.OutputTokens]),
            totals[EventFields.CostNanoUsd] / 1_000_000_000.0,
            new FeedbackStats(up, down, totals[EventFields.FeedbackUnknown], up + down == 0 ? null : Math.Round((double)up / (up + down), 4)),
            new UsageStats(
                totals.WithPrefix(EventFields.InputTokensRange + ":"),
                totals.WithPrefix(EventFields.OutputTokensRange + ":"),
                totals.WithPrefix(EventFields.TemperatureRange + ":"),
                totals.WithPrefix(EventFields.TopPRange + ":"),
                new Dictionary<string, long> { ["set"] = totals[EventFields.TopKSet], ["unset"] = totals[EventFields.TopKUnset] }));
    }
}

/// <summary>Failed requests, in total and by error type.</summary>
internal sealed record ErrorStats(long Total, Dictionary<string, long> ByType);

/// <summary>Rates over the window.</summary>
internal sealed record ThroughputStats(double RequestsPerS, double OutputTokensPerS);

/// <summary>Token totals.</summary>
internal sealed record TokenStats(long Input, long Output);

/// <summary>
/// How the service is used: requests by input and output token count (key: the power-of-two upper bound, "0" for none)
/// and by sampling settings (temperature and top-p ranges, top-k set or not; "unset" when the request left it default).
/// </summary>
internal sealed record UsageStats(
    Dictionary<string, long> InputTokens,
    Dictionary<string, long> OutputTokens,
    Dictionary<string, long> Temperature,
    Dictionary<string, long> TopP,
    Dictionary<string, long> TopK);

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
