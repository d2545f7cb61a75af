namespace TestSupport.Otlp;

/// <summary>A metric data point: a number (sum, gauge) or an explicit-bucket histogram.</summary>
/// <param name="Attributes">Point attributes as text.</param>
/// <param name="Start">Start of the aggregation interval, UTC (the process start for cumulative points).</param>
/// <param name="Time">End of the interval, UTC.</param>
/// <param name="Value">The number (0 for histograms).</param>
/// <param name="Count">Histogram count.</param>
/// <param name="Sum">Histogram sum (0 when the sender left it out).</param>
/// <param name="BucketCounts">Histogram bucket counts (one more than <paramref name="Bounds"/>).</param>
/// <param name="Bounds">Histogram explicit upper bounds.</param>
internal sealed record OtlpDataPoint(
    IReadOnlyDictionary<string, string> Attributes,
    DateTime Start,
    DateTime Time,
    double Value,
    ulong Count,
    double Sum,
    ulong[] BucketCounts,
    double[] Bounds);
