using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LoadGen;

/// <summary>The figures of one run, computed once from the samples.</summary>
internal sealed record RunReport(
    string Mode, string Route, bool Stream, double? TargetRate, int Concurrency, double ElapsedSeconds,
    long Sent, long Completed, long Succeeded, long Dropped, long Rejected, double ErrorRate, double AchievedRate,
    IReadOnlyDictionary<string, long> Errors, IReadOnlyDictionary<string, long> ByStatus, QuantileSummary RetryAfterSeconds,
    QuantileSummary LatencyMs, QuantileSummary LatencyFromSendMs, QuantileSummary TtftMs, QuantileSummary TpotMs,
    long OutputTokens, double OutputTokensPerSecond)
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Builds the report; error rate counts every non-2xx, rejections included, over completed requests.</summary>
    public static RunReport From(LoadGenOptions options, RunProgress progress, double elapsedSeconds)
    {
        var samples = progress.Samples.ToArray();
        var ok = samples.Where(s => s.Succeeded).ToArray();
        var tokens = ok.Where(s => s.OutputTokens > 0).Sum(s => (long)s.OutputTokens);
        return new RunReport(
            options.Rate is null ? "closed" : "open", options.Route == TargetRoute.Generate ? "/generate" : "/v1/chat/completions", options.Stream,
            options.Rate, options.Rate is null ? options.Concurrency : 0, elapsedSeconds,
            progress.Sent, samples.Length, ok.Length, progress.Dropped, samples.Count(s => s.Status == 429),
            samples.Length == 0 ? 0 : (double)(samples.Length - ok.Length) / samples.Length,
            elapsedSeconds > 0 ? samples.Length / elapsedSeconds : 0,
            samples.Where(s => !s.Succeeded).GroupBy(s => s.ErrorKind!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count()),
            samples.Where(s => s.Status != 0).GroupBy(s => s.Status.ToString(CultureInfo.InvariantCulture)).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count()),
            new Quantiles(samples.Where(s => s.RetryAfterSeconds >= 0).Select(s => s.RetryAfterSeconds / 1000)).SummaryMs(),
            new Quantiles(ok.Select(s => s.LatencyFromIntended)).SummaryMs(),
            new Quantiles(ok.Select(s => s.Latency)).SummaryMs(),
            new Quantiles(ok.Select(s => s.TimeToFirstToken)).SummaryMs(),
            new Quantiles(ok.Select(s => s.TimePerOutputToken)).SummaryMs(),
            tokens, elapsedSeconds > 0 ? tokens / elapsedSeconds : 0);
    }

    /// <summary>The report as indented JSON (snake_case; NaN where a quantile has no data).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>A Markdown summary: one table of counts and one of quantiles.</summary>
    public string ToMarkdown()
    {
        var b = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        b.AppendLine(inv, $"### {Mode} loop, {Route}{(Stream ? " (stream)" : "")}, {(TargetRate is { } r ? $"target {r:F1} req/s" : $"concurrency {Concurrency}")}");
        b.AppendLine();
        b.AppendLine("| elapsed s | sent | completed | ok | rejected (429) | dropped at cap | error rate | achieved req/s | output tok/s |");
        b.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        b.AppendLine(inv, $"| {ElapsedSeconds:F1} | {Sent} | {Completed} | {Succeeded} | {Rejected} | {Dropped} | {ErrorRate:P1} | {AchievedRate:F2} | {OutputTokensPerSecond:F1} |");
        b.AppendLine();
        b.AppendLine("| ms | n | p50 | p90 | p95 | p99 | max |");
        b.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, q) in new[] { ("latency (from intended send)", LatencyMs), ("latency (from actual send)", LatencyFromSendMs), ("TTFT", TtftMs), ("TPOT", TpotMs) })
        {
            b.AppendLine(inv, $"| {name} | {q.Count} | {q.P50:F1} | {q.P90:F1} | {q.P95:F1} | {q.P99:F1} | {q.Max:F1} |");
        }

        if (Errors.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("Errors: " + string.Join(", ", Errors.Select(e => $"{e.Key} {e.Value}")));
        }

        return b.ToString();
    }
}
