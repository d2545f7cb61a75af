namespace AppHost.Dashboard.Storage;

/// <summary>The three stores the receiver fills and the API reads.</summary>
/// <param name="Logs">Log records.</param>
/// <param name="Traces">Spans by trace.</param>
/// <param name="Metrics">Metric series.</param>
internal sealed record TelemetryStores(LogStore Logs, TraceStore Traces, MetricStore Metrics)
{
    /// <summary>Stores with the default capacities.</summary>
    public TelemetryStores()
        : this(new LogStore(), new TraceStore(), new MetricStore())
    {
    }
}
