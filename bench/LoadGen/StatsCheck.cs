using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LoadGen;

/// <summary>
/// Compares the run with the aggregator's <c>GET /stats?window=..</c>. Tolerance rule for a latency quantile:
/// |client − server| ≤ 1 % × server (the aggregator sketch's relative accuracy, LogarithmicMapping) + overhead, where
/// overhead = max(5 ms, 10 % of the client value): the client's figure (from the actual send) also holds loopback
/// transfer, Kestrel parsing before the service's clock starts and the client's own scheduling on a shared 2-core
/// machine, none of which the server sees. The request count must lie between the client's successful responses and
/// all responses that carried a status (a 429 from the limiter may or may not be recorded as a request).
/// The aggregator's window must hold only this run's traffic for the comparison to mean anything.
/// </summary>
internal static class StatsCheck
{
    /// <summary>The sketch's relative accuracy (Telemetry.Aggregator LogarithmicMapping.DefaultRelativeAccuracy).</summary>
    public const double SketchRelativeError = 0.01;

    /// <summary>Smallest client-side overhead allowed, in ms.</summary>
    public const double MinOverheadMs = 5;

    /// <summary>Client-side overhead as a share of the client's value.</summary>
    public const double OverheadShare = 0.10;

    /// <summary>Polls the aggregator until it counts at least the run's successes or <paramref name="timeout"/> passes, then compares.</summary>
    public static async Task<(bool Agree, string Text)> RunAsync(HttpClient client, Uri aggregator, string window, RunReport report, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement stats = default;
        long counted = -1;
        string? lastError = null;
        while (true)
        {
            try
            {
                stats = await client.GetFromJsonAsync<JsonElement>(new Uri(aggregator, "/stats?window=" + window), cancellationToken);
                counted = stats.TryGetProperty("requests", out var r) && r.TryGetInt64(out var n) ? n : -1;
                lastError = null;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
            {
                lastError = e.Message;
            }

            if (counted >= report.Succeeded || DateTime.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        if (lastError is not null)
        {
            return (false, $"check-stats: disagree: aggregator not readable ({lastError})");
        }

        return Compare(stats, report);
    }

    /// <summary>Compares a parsed <c>/stats</c> body with the report; pure, so tests can feed it known figures.</summary>
    public static (bool Agree, string Text) Compare(JsonElement stats, RunReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var counted = stats.TryGetProperty("requests", out var r) && r.TryGetInt64(out var n) ? n : -1;
        var withStatus = report.ByStatus.Values.Sum();
        var countOk = counted >= report.Succeeded && counted <= withStatus;
        text.AppendLine(inv, $"check-stats: requests server {counted} vs client ok {report.Succeeded} .. with status {withStatus}: {(countOk ? "agree" : "disagree")}");
        var all = countOk;
        foreach (var (name, client) in new[] { ("p50", report.LatencyFromSendMs.P50), ("p95", report.LatencyFromSendMs.P95), ("p99", report.LatencyFromSendMs.P99) })
        {
            var server = stats.TryGetProperty("latency_ms", out var l) && l.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
            var tolerance = Tolerance(server, client);
            var ok = Math.Abs(client - server) <= tolerance;
            all &= ok;
            text.AppendLine(inv, $"check-stats: latency {name} server {server:F2} ms vs client {client:F2} ms, tolerance {tolerance:F2} ms (1% sketch + max(5 ms, 10% client)): {(ok ? "agree" : "disagree")}");
        }

        text.Append(all ? "check-stats: agree" : "check-stats: disagree");
        return (all, text.ToString());
    }

    /// <summary>The allowed |client − server| for one quantile, in ms.</summary>
    public static double Tolerance(double serverMs, double clientMs) => SketchRelativeError * serverMs + Math.Max(MinOverheadMs, OverheadShare * clientMs);
}
