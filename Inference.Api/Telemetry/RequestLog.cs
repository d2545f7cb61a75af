using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Inference.Api.Telemetry;

/// <summary>
/// The per-request log line (event 1001), written by the event publisher's background loop from the same value it
/// turns into the <c>RequestCompleted</c> event, so the request path pays nothing for it: formatting a line through
/// the logging pipeline costs several microseconds and kilobytes, which the request path's budget (≤ 2 µs, 0 B)
/// cannot hold. The request's trace and span ids travel in the value and are written as fields (<c>TraceId</c>,
/// <c>SpanId</c>); the OpenTelemetry log pipeline lifts them onto the record (ServiceDefaults'
/// <c>TraceContextFromAttributes</c>), so the line still joins its trace. Its category stays
/// <see cref="RequestTelemetry"/>, so existing level filters keep applying. With <see cref="ContentLogOptions.Log"/> on, a
/// second line (event 1002) carries the prompt and completion after <see cref="ContentRedactor"/>.
/// </summary>
internal sealed class RequestLog(ILogger<RequestTelemetry> logger, IOptions<ContentLogOptions> content)
{
    private long _failures;

    /// <summary>Whether the line would be written at all (checked before any formatting).</summary>
    public bool Enabled => logger.IsEnabled(LogLevel.Information);

    /// <summary>Writes the line for one finished request.</summary>
    public void Write(in RequestOutcome outcome)
    {
        if (!Enabled)
        {
            return;
        }

        try
        {
            InferenceLog.RequestCompleted(
                logger, outcome.RequestId, outcome.Route, outcome.Status, outcome.Outcome, outcome.ErrorType, outcome.Model,
                outcome.LatencySeconds * 1000, (outcome.TimeToFirstTokenSeconds ?? 0) * 1000, outcome.InputTokens, outcome.OutputTokens,
                outcome.PromptChars, outcome.PromptSha256Prefix, outcome.UserHash, outcome.FinishReason,
                Hex(outcome.TraceId), outcome.SpanId == default ? null : outcome.SpanId.ToHexString());
            if (outcome.Content is { } text)
            {
                var max = content.Value.MaxChars;
                InferenceLog.RequestContent(logger, outcome.RequestId, ContentRedactor.Redact(text.Prompt, max), ContentRedactor.Redact(text.Completion, max), Hex(outcome.TraceId));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The logging pipeline rethrows a failing provider's exception; on the publisher's loop that would stop
            // the events. The line is lost, the events are not.
            Interlocked.Increment(ref _failures);
        }
    }

    /// <summary>Lines the logging pipeline refused with an exception.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>The trace id as 32 hex digits, or null when the request had none.</summary>
    public static string? Hex(ActivityTraceId traceId) => traceId == default ? null : traceId.ToHexString();
}
