using AppHost.Dashboard.Otlp;

namespace AppHost.Dashboard.Api;

/// <summary>One span of <c>/api/traces/{traceId}</c>.</summary>
/// <param name="SpanId">Span id, hex.</param>
/// <param name="ParentSpanId">Parent span id, hex, or empty.</param>
/// <param name="Name">Span name.</param>
/// <param name="Resource">Resource instance name.</param>
/// <param name="Kind">internal, server, client, producer, consumer or unspecified.</param>
/// <param name="Start">Start, UTC.</param>
/// <param name="DurationMs">Duration.</param>
/// <param name="OffsetMs">Start relative to the trace's earliest span.</param>
/// <param name="Status">unset, ok or error.</param>
/// <param name="StatusMessage">Status description.</param>
/// <param name="Attributes">Attributes as text.</param>
/// <param name="Events">Span events.</param>
internal sealed record SpanView(
    string SpanId,
    string ParentSpanId,
    string Name,
    string Resource,
    string Kind,
    DateTime Start,
    double DurationMs,
    double OffsetMs,
    string Status,
    string StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<OtlpSpanEvent> Events);
