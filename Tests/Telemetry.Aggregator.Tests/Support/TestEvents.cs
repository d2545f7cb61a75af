using System.Text.Json;
using ServiceDefaults.Events;
using StackExchange.Redis;

namespace Telemetry.Aggregator.Tests.Support;

/// <summary>Request events as Inference.Api would publish them, and a producer that pushes them onto the queue.</summary>
internal static class TestEvents
{
    public static RequestCompleted Request(int i, DateTimeOffset at, string model = "kjv-5m", string route = "generate", string? tenant = null) => new()
    {
        EventId = "ev-" + i,
        TimestampUnixMs = at.ToUnixTimeMilliseconds(),
        RequestId = "req-" + i,
        Model = model,
        Route = route,
        Operation = route == "generate" ? "text_completion" : "chat",
        Outcome = i % 50 == 0 ? "error" : "success",
        ErrorType = i % 50 == 0 ? "timeout" : null,
        Status = i % 50 == 0 ? 504 : 200,
        LatencyMs = 10 + (i % 200),
        TtftMs = 2 + (i % 20),
        TpotMs = 1.5,
        InputTokens = 10 + (i % 7),
        OutputTokens = i % 50 == 0 ? 0 : 5 + (i % 3),
        CostUsd = 0.000_002,
        Tenant = tenant,
    };

    public static byte[] Json(TelemetryEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, TelemetryEventJsonContext.Default.TelemetryEvent);

    /// <summary>LPUSHes entries in chunks of 1 000, as the publisher does.</summary>
    public static async Task PushAsync(IDatabase redis, IEnumerable<byte[]> entries)
    {
        foreach (var chunk in entries.Chunk(1000))
        {
            await redis.ListLeftPushAsync(EventQueueKeys.Pending, [.. chunk.Select(e => (RedisValue)e)]);
        }
    }
}
