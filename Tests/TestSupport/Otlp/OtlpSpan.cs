namespace TestSupport.Otlp;

/// <summary>One decoded span (trace/v1 <c>Span</c>).</summary>
/// <param name="Resource">The resource that produced it.</param>
/// <param name="Scope">Instrumentation scope name (the ActivitySource).</param>
/// <param name="TraceId">Trace id, hex.</param>
/// <param name="SpanId">Span id, hex.</param>
/// <param name="ParentSpanId">Parent span id, hex; empty for a root.</param>
/// <param name="Name">Span name.</param>
/// <param name="Kind">internal, server, client, producer, consumer or unspecified.</param>
/// <param name="Start">Start time, UTC.</param>
/// <param name="End">End time, UTC.</param>
/// <param name="Status">unset, ok or error.</param>
/// <param name="StatusMessage">The status description.</param>
/// <param name="Attributes">Span attributes as text.</param>
/// <param name="Events">Span events in order.</param>
internal sealed record OtlpSpan(
    OtlpResource Resource,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    string Kind,
    DateTime Start,
    DateTime End,
    string Status,
    string StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<OtlpSpanEvent> Events);
