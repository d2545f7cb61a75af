using System.Globalization;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Stats;

/// <summary>Parses and checks the query parameters of the stats routes; every failure is a <see cref="QueryProblem"/>.</summary>
internal static class StatsQuery
{
    /// <summary>Steps <c>/stats/timeseries</c> accepts.</summary>
    public static readonly IReadOnlyDictionary<string, TimeSpan> Steps = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["10s"] = TimeSpan.FromSeconds(10), ["30s"] = TimeSpan.FromSeconds(30), ["1m"] = TimeSpan.FromMinutes(1),
        ["5m"] = TimeSpan.FromMinutes(5), ["15m"] = TimeSpan.FromMinutes(15), ["1h"] = TimeSpan.FromHours(1),
    };

    /// <summary>Dimensions <c>/stats/top</c> ranks.</summary>
    public static readonly IReadOnlyDictionary<string, string> Dimensions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["tenant"] = SeriesNames.TenantPrefix, ["model"] = SeriesNames.ModelPrefix, ["route"] = SeriesNames.RoutePrefix,
    };

    /// <summary>The window (default 5m).</summary>
    public static StatsWindow Window(string? value) =>
        value is null ? StatsWindow.Find("5m")! : StatsWindow.Find(value) ?? throw new QueryProblem("window", value, StatsWindow.KnownNames);

    /// <summary>The series for the model/route/tenant filters.</summary>
    public static string Series(string? model, string? route, string? tenant)
    {
        CheckLabel("model", model);
        CheckLabel("route", route);
        CheckLabel("tenant", tenant);
        return tenant is not null && (model is not null || route is not null)
            ? throw new QueryProblem("tenant", tenant, "tenant alone, or model and/or route")
            : SeriesNames.For(model, route, tenant);
    }

    /// <summary>A step that divides the window into whole buckets of its resolution, at most 1 440 points.</summary>
    public static TimeSpan Step(string? value, StatsWindow window)
    {
        var allowed = Steps.Where(s => IsValidStep(s.Value, window)).Select(s => s.Key).ToList();
        if (value is null)
        {
            return Steps[allowed[0]];
        }

        return Steps.TryGetValue(value, out var step) && IsValidStep(step, window)
            ? step
            : throw new QueryProblem("step", value, string.Join(", ", allowed) + $" (for window {window.Name})");
    }

    /// <summary>A metric of <see cref="StatsMetric.Known"/>.</summary>
    public static StatsMetric Metric(string parameter, string? value, string? alias = null) =>
        value is not null && StatsMetric.Known.TryGetValue(value == alias ? "cost_usd" : value, out var metric)
            ? metric
            : throw new QueryProblem(parameter, value, (alias is null ? string.Empty : alias + ", ") + StatsMetric.KnownNames);

    /// <summary>The prefix of a <c>/stats/top</c> dimension.</summary>
    public static string Dimension(string? value) =>
        value is not null && Dimensions.TryGetValue(value, out var prefix) ? prefix : throw new QueryProblem("dim", value, string.Join(", ", Dimensions.Keys));

    /// <summary>How many items <c>/stats/top</c> returns (1..100, default 10).</summary>
    public static int Limit(string? value) =>
        value is null ? 10
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= 100 ? limit
        : throw new QueryProblem("limit", value, "an integer from 1 to 100");

    private static bool IsValidStep(TimeSpan step, StatsWindow window) =>
        step <= window.Length && step.TotalSeconds % window.Resolution.Seconds == 0 && window.Length / step <= 1440;

    private static void CheckLabel(string name, string? value)
    {
        if (value is not null && (value.Length is 0 or > 128 || value.Contains('|', StringComparison.Ordinal)))
        {
            throw new QueryProblem(name, value, "a name of 1 to 128 characters without '|'");
        }
    }
}
