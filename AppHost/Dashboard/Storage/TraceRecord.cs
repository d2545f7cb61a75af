namespace AppHost.Dashboard.Storage;

/// <summary>The spans of one trace received so far, with the summary figures kept up to date as spans arrive.</summary>
internal sealed class TraceRecord(string traceId)
{
    /// <summary>Trace id, hex.</summary>
    public string TraceId { get; } = traceId;

    /// <summary>Spans in arrival order.</summary>
    public List<StoredSpan> Spans { get; } = [];

    /// <summary>Resource instance names, in first-seen order.</summary>
    public List<string> Resources { get; } = [];

    /// <summary>Earliest span start.</summary>
    public DateTime Start { get; private set; } = DateTime.MaxValue;

    /// <summary>Latest span end.</summary>
    public DateTime End { get; private set; } = DateTime.MinValue;

    /// <summary>Spans with status error.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Name of the root span (no parent), else of the earliest span.</summary>
    public string RootName { get; private set; } = string.Empty;

    private bool _hasRoot;

    /// <summary>Adds a span and updates the summary.</summary>
    public void Add(StoredSpan stored)
    {
        var span = stored.Span;
        Spans.Add(stored);
        if (!Resources.Contains(stored.Resource))
        {
            Resources.Add(stored.Resource);
        }

        if (span.Status == "error")
        {
            ErrorCount++;
        }

        var isRoot = span.ParentSpanId.Length == 0;
        if ((isRoot && !_hasRoot) || (!_hasRoot && span.Start < Start))
        {
            RootName = span.Name;
            _hasRoot = isRoot;
        }

        Start = span.Start < Start ? span.Start : Start;
        End = span.End > End ? span.End : End;
    }
}
