using Telemetry.Aggregator.Alerts;
using Telemetry.Aggregator.Stats;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Overview;

/// <summary>
/// What the page shows, read in one go from the aggregator's own stats, alert state and request index (the trace id
/// of each example request that was traced, by request id).
/// </summary>
internal sealed record OverviewData(
    IReadOnlyList<StatsSnapshot> Windows,
    IReadOnlyList<(string Metric, IReadOnlyList<TimeseriesPoint> Points)> Charts,
    CostResponse CostToday,
    IReadOnlyList<AlertState> Alerts,
    IReadOnlyDictionary<string, string> ExampleTraces,
    DateTimeOffset At);
