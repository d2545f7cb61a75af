namespace AppHost.Dashboard.Storage;

/// <summary>An instrument's description and its series by attribute-set key.</summary>
/// <param name="Instrument">The description shown in lists.</param>
/// <param name="Cumulative">Whether the sender exports cumulative points (histogram quantiles then use deltas).</param>
internal sealed record InstrumentRecord(MetricInstrument Instrument, bool Cumulative)
{
    /// <summary>Series by attribute-set key.</summary>
    public Dictionary<string, MetricSeries> Series { get; } = new(StringComparer.Ordinal);
}
