using System.Diagnostics;
using OpenTelemetry;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// Keeps the cache client's spans that belong to a request's trace and drops those with no parent. The services'
/// background loops (queue consumers, the event publisher, the window gauges, the alert evaluator) run outside any
/// trace, so each of their Redis commands would otherwise be a trace of its own: thousands a minute, burying the
/// requests on the Aspire dashboard's Traces page. Dropped at start: the span is marked not recorded, so the
/// instrumentation skips its tags and events and no exporter sends it. <c>Telemetry:Tracing:BackgroundCacheSpans=true</c>
/// keeps them (the processor is then not added).
/// </summary>
internal sealed class BackgroundCacheSpanFilter : BaseProcessor<Activity>
{
    /// <summary>The source <c>Aspire.StackExchange.Redis</c> traces commands under (its vendored OpenTelemetry instrumentation).</summary>
    public const string SourceName = "OpenTelemetry.Instrumentation.StackExchangeRedis";

    /// <summary>The setting that keeps parentless cache spans.</summary>
    public const string KeepSetting = "Telemetry:Tracing:BackgroundCacheSpans";

    /// <inheritdoc />
    public override void OnStart(Activity data)
    {
        // The instrumentation starts a command's span with its caller's context as parent, or none.
        if (data.ParentSpanId == default && data.Source.Name == SourceName)
        {
            data.IsAllDataRequested = false;
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
