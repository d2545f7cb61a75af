using System.Globalization;
using System.Text.Json;
using ServiceDefaults.Events;

namespace Benchmarks.Ingest;

/// <summary>
/// The request events every aggregator benchmark feeds: 2 models (3:1), 2 routes, 5 tenants, 1 % timeouts,
/// latencies spread over 20–320 ms, TTFT 3–13 ms, TPOT 1–4 ms, tokens 20–220 in and 10–110 out; ≈ 600 bytes of JSON.
/// </summary>
internal static class SyntheticEvents
{
    /// <summary>Event <paramref name="i"/> with the given id and time, serialized as the publisher does.</summary>
    public static byte[] Json(string eventId, long i, DateTimeOffset at) => JsonSerializer.SerializeToUtf8Bytes<TelemetryEvent>(
        new RequestCompleted
        {
            EventId = eventId,
            TimestampUnixMs = at.ToUnixTimeMilliseconds(),
            RequestId = "req-" + eventId,
            Model = i % 4 == 0 ? "other" : "kjv-5m",
            Route = i % 3 == 0 ? "chat_completions" : "generate",
            Operation = i % 3 == 0 ? "chat" : "text_completion",
            Outcome = i % 100 == 0 ? "error" : "success",
            ErrorType = i % 100 == 0 ? "timeout" : null,
            Status = 200,
            LatencyMs = 20 + (i * 7919 % 3000) / 10.0,
            TtftMs = 3 + (i % 97) / 10.0,
            TpotMs = 1 + (i % 31) / 10.0,
            InputTokens = (int)(20 + i % 200),
            OutputTokens = (int)(10 + i % 100),
            CostUsd = 0.000_01,
            Tenant = "t" + (i % 5).ToString(CultureInfo.InvariantCulture),
            PromptChars = 120,
        },
        TelemetryEventJsonContext.Default.TelemetryEvent);
}
