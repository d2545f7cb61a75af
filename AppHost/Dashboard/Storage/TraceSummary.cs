namespace AppHost.Dashboard.Storage;

/// <summary>One row of <c>/api/traces</c>.</summary>
/// <param name="TraceId">Trace id, hex.</param>
/// <param name="RootName">Root span name.</param>
/// <param name="Resources">Resource instance names involved.</param>
/// <param name="Start">Earliest span start, UTC.</param>
/// <param name="DurationMs">From the earliest start to the latest end.</param>
/// <param name="SpanCount">Spans received.</param>
/// <param name="ErrorCount">Spans with status error.</param>
internal sealed record TraceSummary(string TraceId, string RootName, IReadOnlyList<string> Resources, DateTime Start, double DurationMs, int SpanCount, int ErrorCount);
