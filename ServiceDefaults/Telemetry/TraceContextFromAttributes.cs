using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// Gives a log record written away from its request (no ambient <see cref="Activity"/>) the trace context that the
/// record carries as fields: <c>TraceId</c> (32 hex digits) and <c>SpanId</c> (16). Inference.Api writes its
/// per-request line on the event publisher's background loop, off the request path; with this processor the OTLP
/// record still joins its trace, as if it had been written inside the request. Runs before the exporter's
/// processor, so the exported record has the ids. Kept beside the OpenTelemetry packages because none of them does
/// this: their log pipeline only takes the ids of <see cref="Activity.Current"/>.
/// </summary>
internal sealed class TraceContextFromAttributes : BaseProcessor<LogRecord>
{
    /// <inheritdoc />
    public override void OnEnd(LogRecord data)
    {
        if (data.TraceId != default || data.Attributes is not { } attributes)
        {
            return;
        }

        string? trace = null, span = null;
        foreach (var (key, value) in attributes)
        {
            if (key == "TraceId")
            {
                trace = value as string;
            }
            else if (key == "SpanId")
            {
                span = value as string;
            }
        }

        if (trace is { Length: 32 } && span is { Length: 16 } && IsHex(trace) && IsHex(span))
        {
            data.TraceId = ActivityTraceId.CreateFromString(trace);
            data.SpanId = ActivitySpanId.CreateFromString(span);
            data.TraceFlags = ActivityTraceFlags.Recorded;
        }
    }

    private static bool IsHex(string s) => s.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
}
