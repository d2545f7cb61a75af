namespace Telemetry.Aggregator.Stats;

/// <summary><c>GET /stats/timeseries</c>: one value per step, oldest first (null where the figure is undefined).</summary>
internal sealed record TimeseriesResponse(string Metric, string Window, string Step, string Series, IReadOnlyList<TimeseriesPoint> Points);

/// <summary>One point: the step's start and its value.</summary>
internal sealed record TimeseriesPoint(DateTimeOffset T, double? V);

/// <summary><c>GET /stats/top</c>: the series of a dimension ranked by a figure over the window.</summary>
internal sealed record TopResponse(string Window, string By, string Dim, IReadOnlyList<TopItem> Items);

/// <summary><c>GET /stats/cost</c>: spend of a series over the current UTC day or month, from the daily cost counters (kept 40 days).</summary>
internal sealed record CostResponse(string Period, DateTimeOffset From, DateTimeOffset To, string Series, double CostUsd);

/// <summary>One ranked series: its name (model, route or tenant), the figure, and its request count.</summary>
internal sealed record TopItem(string Name, double Value, long Requests);
