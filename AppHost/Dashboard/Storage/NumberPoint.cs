namespace AppHost.Dashboard.Storage;

/// <summary>A counter/gauge point of <c>/api/metrics/series</c>.</summary>
/// <param name="T">Time, UTC.</param>
/// <param name="Value">The exported value.</param>
internal sealed record NumberPoint(DateTime T, double Value);
