namespace AppHost.Dashboard.Storage;

/// <summary>A stored log record, in the JSON shape of <c>/api/logs</c>.</summary>
/// <param name="Seq">Arrival sequence number, from 1, never reused.</param>
/// <param name="Time">Event time, UTC.</param>
/// <param name="Resource">Resource instance name (e.g. <c>inference-0</c>).</param>
/// <param name="Level">Trace, Debug, Information, Warning, Error or Critical.</param>
/// <param name="Category">Logger category.</param>
/// <param name="EventId">The .NET event id, when the sender exported it.</param>
/// <param name="Message">The formatted message (or template).</param>
/// <param name="TraceId">Trace id, hex, or empty.</param>
/// <param name="SpanId">Span id, hex, or empty.</param>
/// <param name="Attributes">Record attributes as text.</param>
internal sealed record LogEntry(
    long Seq,
    DateTime Time,
    string Resource,
    string Level,
    string Category,
    int? EventId,
    string Message,
    string TraceId,
    string SpanId,
    IReadOnlyDictionary<string, string> Attributes);
