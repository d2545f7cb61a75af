using System.Text.Json;
using ServiceDefaults.Events;

namespace Inference.Api.Telemetry.Events;

/// <summary>What waits in the publisher's channel: a request outcome (a value) or a feedback event.</summary>
internal readonly record struct QueuedEvent(RequestOutcome Request, FeedbackReceived? Feedback)
{
    /// <summary>The event as one JSON object, with a fresh event id for a request (feedback carries its own).</summary>
    public ReadOnlyMemory<byte> Serialize()
    {
        var e = Feedback is null ? (TelemetryEvent)ToEvent(Request) : Feedback;
        return JsonSerializer.SerializeToUtf8Bytes(e, TelemetryEventJsonContext.Default.TelemetryEvent);
    }

    private static RequestCompleted ToEvent(in RequestOutcome o) => new()
    {
        // The request id may come from the client and repeat; the event id must not (it is the dedupe key).
        EventId = Guid.CreateVersion7().ToString("N"),
        TimestampUnixMs = o.StartedUnixMs + (long)(o.LatencySeconds * 1000),
        RequestId = o.RequestId,
        TraceId = RequestLog.Hex(o.TraceId),
        Model = o.Model,
        Route = o.Route,
        Operation = o.Operation,
        Stream = o.Stream,
        Outcome = o.Outcome,
        ErrorType = o.ErrorType,
        Status = o.Status,
        FinishReason = o.FinishReason,
        Refusal = o.Refusal,
        StartedUnixMs = o.StartedUnixMs,
        LatencyMs = o.LatencySeconds * 1000,
        TtftMs = o.TimeToFirstTokenSeconds * 1000,
        TpotMs = o.TimePerOutputTokenSeconds * 1000,
        QueueWaitMs = o.QueueWaitSeconds * 1000,
        InputTokens = o.InputTokens,
        OutputTokens = o.OutputTokens,
        CostUsd = o.CostUsd,
        Tenant = o.Tenant,
        UserHash = o.UserHash,
        PromptChars = o.PromptChars,
        PromptSha256Prefix = o.PromptSha256Prefix,
        Temperature = o.Temperature,
        TopK = o.TopK,
        TopP = o.TopP,
    };
}
