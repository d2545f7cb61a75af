using Inference.Api.Telemetry.Events;

namespace Inference.Api.Telemetry;

/// <summary>
/// The one call a request makes when it ends: metrics, the recent-id table, and the queued event, which the
/// publisher's background loop turns into both the <c>RequestCompleted</c> event and the request's log line
/// (<see cref="RequestLog"/>). Nothing here allocates. Only when the publisher's channel is full (the event is then
/// counted as dropped) is the line written here, so a request is never without its log line.
/// </summary>
internal sealed class RequestTelemetry(InferenceMetrics metrics, EventPublisher publisher, RecentRequests recent, RequestLog log)
{
    /// <summary>The instruments, for in-flight and queue gauges.</summary>
    public InferenceMetrics Metrics => metrics;

    /// <summary>Records a finished request everywhere.</summary>
    public void Record(in RequestOutcome outcome)
    {
        metrics.Record(outcome);
        recent.Add(outcome.RequestId, outcome.Model);
        if (!publisher.TryPublish(outcome))
        {
            log.Write(outcome);
        }
    }
}
