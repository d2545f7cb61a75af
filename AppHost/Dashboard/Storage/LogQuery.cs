namespace AppHost.Dashboard.Storage;

/// <summary>Filters of <c>/api/logs</c>; null means no filter.</summary>
internal sealed record LogQuery
{
    /// <summary>Resource instance name, exact (case-insensitive).</summary>
    public string? Resource { get; init; }

    /// <summary>Minimum level (index into <see cref="LogStore.Levels"/>).</summary>
    public int? MinLevel { get; init; }

    /// <summary>Substring of the message or category (case-insensitive).</summary>
    public string? Text { get; init; }

    /// <summary>A request id, matched against the RequestId attribute.</summary>
    public string? RequestId { get; init; }

    /// <summary>Trace id, hex.</summary>
    public string? TraceId { get; init; }

    /// <summary>Only records with a larger sequence number (tailing); then the oldest matches come first.</summary>
    public long? After { get; init; }

    /// <summary>Maximum records returned.</summary>
    public int Limit { get; init; } = 200;
}
