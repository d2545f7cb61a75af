using Inference.Api.Telemetry.Events;

namespace Inference.Api.Telemetry;

/// <summary>
/// The one call a request makes when it ends: metrics, one log line, and the queued event. Nothing here
/// allocates per request except what the logging provider does once the line passes its level filter.
/// </summary>
internal sealed class RequestTelemetry(InferenceMetrics metrics, EventPublisher publisher, RecentRequests recent, ILogger<RequestTelemetry> logger)
{
    /// <summary>The instruments, for in-flight and queue gauges.</summary>
    public InferenceMetrics Metrics => metrics;

    /// <summary>Records a finished request everywhere.</summary>
    public void Record(in RequestOutcome outcome)
    {
        metrics.Record(outcome);
        recent.Add(outcome.RequestId, outcome.Model);
        InferenceLog.RequestCompleted(
            logger, outcome.RequestId, outcome.Route, outcome.Status, outcome.Outcome, outcome.ErrorType, outcome.Model,
            outcome.LatencySeconds * 1000, (outcome.TimeToFirstTokenSeconds ?? 0) * 1000, outcome.InputTokens, outcome.OutputTokens,
            outcome.PromptChars, outcome.PromptSha256Prefix, outcome.UserHash, outcome.FinishReason);
        publisher.TryPublish(outcome);
    }
}
