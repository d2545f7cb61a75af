namespace TestSupport.Otlp;

/// <summary>One decoded log record (logs/v1 <c>LogRecord</c>).</summary>
/// <param name="Resource">The resource that produced it.</param>
/// <param name="Category">Logger category: the scope name (.NET's exporter puts the category there), else a <c>category</c> attribute.</param>
/// <param name="Time">Event time (the observed time when the sender left it unset), UTC.</param>
/// <param name="Level">Trace, Debug, Information, Warning, Error or Critical.</param>
/// <param name="Message">The body as text.</param>
/// <param name="EventName">The event name, when set.</param>
/// <param name="TraceId">Trace id, hex, or empty.</param>
/// <param name="SpanId">Span id, hex, or empty.</param>
/// <param name="Attributes">Record attributes as text.</param>
internal sealed record OtlpLogRecord(
    OtlpResource Resource,
    string Category,
    DateTime Time,
    string Level,
    string Message,
    string EventName,
    string TraceId,
    string SpanId,
    IReadOnlyDictionary<string, string> Attributes);
