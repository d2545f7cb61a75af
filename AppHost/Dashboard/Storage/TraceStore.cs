using AppHost.Dashboard.Otlp;

namespace AppHost.Dashboard.Storage;

/// <summary>
/// Spans grouped by trace, for the most recent <c>capacity</c> traces: the trace first seen longest ago is evicted when a
/// new one arrives at capacity (counted in <see cref="Dropped"/>); a trace keeps at most <see cref="MaxSpansPerTrace"/> spans.
/// </summary>
internal sealed class TraceStore(int capacity = TraceStore.DefaultCapacity)
{
    /// <summary>Traces kept by default.</summary>
    public const int DefaultCapacity = 2_000;

    /// <summary>Spans kept per trace; more are counted in <see cref="DroppedSpans"/> (a runaway loop cannot fill memory).</summary>
    public const int MaxSpansPerTrace = 5_000;

    private readonly Dictionary<string, TraceRecord> _traces = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();
    private long _dropped;
    private long _droppedSpans;
    private long _version;

    /// <summary>Traces evicted.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Spans refused because their trace was full.</summary>
    public long DroppedSpans => Interlocked.Read(ref _droppedSpans);

    /// <summary>Changes on every add.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Stores a span under <paramref name="resource"/>.</summary>
    public void Add(OtlpSpan span, string resource)
    {
        lock (_gate)
        {
            _version++;
            if (!_traces.TryGetValue(span.TraceId, out var trace))
            {
                if (_traces.Count >= capacity && _order.TryDequeue(out var oldest))
                {
                    _traces.Remove(oldest);
                    _dropped++;
                }

                trace = new TraceRecord(span.TraceId);
                _traces.Add(span.TraceId, trace);
                _order.Enqueue(span.TraceId);
            }

            if (trace.Spans.Count >= MaxSpansPerTrace)
            {
                _droppedSpans++;
                return;
            }

            trace.Add(new StoredSpan(resource, span));
        }
    }

    /// <summary>Matching traces, newest (latest start) first.</summary>
    public QueryResult<TraceSummary> Query(string? resource, bool errorsOnly, string? text, int limit)
    {
        var matches = new List<TraceSummary>();
        lock (_gate)
        {
            foreach (var trace in _traces.Values)
            {
                if ((resource is null || trace.Resources.Exists(r => string.Equals(r, resource, StringComparison.OrdinalIgnoreCase)))
                    && (!errorsOnly || trace.ErrorCount > 0)
                    && (text is null || trace.Spans.Exists(s => s.Span.Name.Contains(text, StringComparison.OrdinalIgnoreCase))))
                {
                    matches.Add(new TraceSummary(trace.TraceId, trace.RootName, [.. trace.Resources], trace.Start,
                        (trace.End - trace.Start).TotalMilliseconds, trace.Spans.Count, trace.ErrorCount));
                }
            }
        }

        matches.Sort((a, b) => b.Start.CompareTo(a.Start));
        return new QueryResult<TraceSummary>(matches.Take(limit).ToArray(), Dropped, matches.Count);
    }

    /// <summary>The spans of one trace ordered by start, or null when unknown (never received or evicted).</summary>
    public StoredSpan[]? Find(string traceId)
    {
        lock (_gate)
        {
            if (!_traces.TryGetValue(traceId, out var trace))
            {
                return null;
            }

            var spans = trace.Spans.ToArray();
            Array.Sort(spans, (a, b) => a.Span.Start.CompareTo(b.Span.Start));
            return spans;
        }
    }
}
