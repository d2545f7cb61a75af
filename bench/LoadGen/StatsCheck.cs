using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LoadGen;

/// <summary>
/// Compares the run with the aggregator's <c>GET /stats?window=..</c>. The client population compared is every
/// request the aggregator saw from this tool: warm-up plus run. Tolerance rule for a latency quantile, one-sided
/// because the client's time (from the actual send) contains the server's: server × (1 − 1 %) − 1 ms ≤ client ≤
/// server × (1 + 1 %) + max(10 ms, 25 % of client). The 1 % is the sketch's relative accuracy
/// (LogarithmicMapping); the 1 ms covers nearest-rank differences between a sketch bucket and an exact sample; the
/// overhead allowance covers loopback transfer, Kestrel work before the service's clock starts and after it stops,
/// and the client's own scheduling on a shared 2-core machine (measured at 5-10 ms at p50 in the first server test).
/// A quantile is gated only when at least 5 samples lie above it (n × (1 − q) ≥ 5: 10 for p50, 100 for p95, 500 for
/// p99); below that it is the largest of a handful of samples and one scheduling stall of the client decides it, so it
/// is printed but not judged. The request count must lie between the client's successes and all responses that
/// carried a status.
/// The aggregator's window must hold only this tool's traffic for the comparison to mean anything.
/// </summary>
internal static class StatsCheck
{
    /// <summary>The sketch's relative accuracy (Telemetry.Aggregator LogarithmicMapping.DefaultRelativeAccuracy).</summary>
    public const double SketchRelativeError = 0.01;

    /// <summary>Smallest client-side overhead allowed, in ms.</summary>
    public const double MinOverheadMs = 10;

    /// <summary>Client-side overhead as a share of the client's value.</summary>
    public const double OverheadShare = 0.25;

    /// <summary>Samples that must lie above a quantile before it is judged.</summary>
    public const int MinTailSamples = 5;

    /// <summary>Allowance for rank differences between the sketch and the exact samples, in ms.</summary>
    public const double RankSlackMs = 1;

    /// <summary>Polls the aggregator until it counts at least the run's successes or <paramref name="timeout"/> passes, then compares.</summary>
    public static async Task<(bool Agree, string Text)> RunAsync(HttpClient http, Uri aggregator, string window, CheckPopulation client, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement stats = default;
        long counted = -1;
        string? lastError = null;
        while (true)
        {
            try
            {
                stats = await http.GetFromJsonAsync<JsonElement>(new Uri(aggregator, "/stats?window=" + window), cancellationToken);
                counted = stats.TryGetProperty("requests", out var r) && r.TryGetInt64(out var n) ? n : -1;
                lastError = null;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
            {
                lastError = e.Message;
            }

            if (counted >= client.Succeeded || DateTime.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        if (lastError is not null)
        {
            return (false, $"check-stats: disagree: aggregator not readable ({lastError})");
        }

        return Compare(stats, client);
    }

    /// <summary>Compares a parsed <c>/stats</c> body with the report; pure, so tests can feed it known figures.</summary>
    public static (bool Agree, string Text) Compare(JsonElement stats, CheckPopulation client)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var counted = stats.TryGetProperty("requests", out var r) && r.TryGetInt64(out var n) ? n : -1;
        var countOk = counted >= client.Succeeded && counted <= client.WithStatus;
        text.AppendLine(inv, $"check-stats: requests server {counted} vs client ok {client.Succeeded} .. with status {client.WithStatus}: {(countOk ? "agree" : "disagree")}");
        var all = countOk;
        foreach (var (name, q, mine) in new[] { ("p50", 0.50, client.LatencyMs.P50), ("p95", 0.95, client.LatencyMs.P95), ("p99", 0.99, client.LatencyMs.P99) })
        {
            var server = stats.TryGetProperty("latency_ms", out var l) && l.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
            var (low, high) = Bounds(server, mine);
            var gated = client.LatencyMs.Count * (1 - q) >= MinTailSamples;
            var ok = mine >= low && mine <= high;
            all &= ok || !gated;
            text.AppendLine(inv, $"check-stats: latency {name} server {server:F2} ms vs client {mine:F2} ms, allowed {low:F2} .. {high:F2} ms (server ±1% sketch, −1 ms rank, + max(10 ms, 25% client) overhead): {(ok ? "agree" : "disagree")}{(gated ? "" : " (not judged: fewer than 5 samples above it)")}");
        }

        text.Append(all ? "check-stats: agree" : "check-stats: disagree");
        return (all, text.ToString());
    }

    /// <summary>The range the client's quantile may take given the server's, in ms.</summary>
    public static (double Low, double High) Bounds(double serverMs, double clientMs) =>
        (serverMs * (1 - SketchRelativeError) - RankSlackMs, serverMs * (1 + SketchRelativeError) + Math.Max(MinOverheadMs, OverheadShare * clientMs));
}
