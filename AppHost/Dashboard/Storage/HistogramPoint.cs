namespace AppHost.Dashboard.Storage;

/// <summary>A histogram point of <c>/api/metrics/series</c>: observations in the interval ending at <paramref name="T"/>.</summary>
/// <param name="T">Interval end, UTC.</param>
/// <param name="Count">Observations in the interval.</param>
/// <param name="Sum">Their sum.</param>
/// <param name="P50">Median estimate, null without observations.</param>
/// <param name="P95">95th percentile estimate.</param>
/// <param name="P99">99th percentile estimate.</param>
internal sealed record HistogramPoint(DateTime T, ulong Count, double Sum, double? P50, double? P95, double? P99);
