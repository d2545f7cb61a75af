using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Telemetry.Aggregator.Alerts;
using Telemetry.Aggregator.Ingest;
using Telemetry.Aggregator.Stats;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Overview;

/// <summary>
/// <c>GET /overview</c>: the GenAI overview the Aspire dashboard has no page for (windows, charts, cost, alerts with
/// example requests), linked from the aggregator's and the inference's rows there. Read-only.
/// </summary>
public static class OverviewApi
{
    /// <summary>The windows shown side by side.</summary>
    private static readonly string[] s_windows = ["1m", "5m", "15m", "1h"];

    /// <summary>The charts: the last hour, one point a minute.</summary>
    private static readonly string[] s_chartMetrics = ["requests", "latency_p95", "ttft_p95", "error_rate", "output_tokens_per_s", "cost_usd"];

    private static readonly TimeSpan s_chartStep = TimeSpan.FromMinutes(1);

    /// <summary>Registers the page's options (validated on start).</summary>
    public static IServiceCollection AddOverviewPage(this IServiceCollection services)
    {
        services.AddOptions<OverviewOptions>().BindConfiguration(OverviewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>Maps <c>/overview</c>.</summary>
    public static IEndpointRouteBuilder MapOverviewPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/overview", RenderAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> RenderAsync(
        StatsService stats, AlertStore alerts, Func<IDatabase> cache, IOptions<OverviewOptions> options, IOptions<AggregatorOptions> aggregator, TimeProvider time, CancellationToken cancellationToken)
    {
        var windows = new List<StatsSnapshot>(s_windows.Length);
        foreach (var name in s_windows)
        {
            windows.Add(await stats.SnapshotAsync(StatsWindow.Find(name)!, SeriesNames.All, cancellationToken));
        }

        var hour = StatsWindow.Find("1h")!;
        var charts = new List<(string, IReadOnlyList<TimeseriesPoint>)>(s_chartMetrics.Length);
        foreach (var metric in s_chartMetrics)
        {
            charts.Add((metric, await stats.TimeseriesAsync(hour, s_chartStep, StatsMetric.Known[metric], SeriesNames.All, cancellationToken)));
        }

        var cost = await stats.CostAsync("day", SeriesNames.All, cancellationToken);
        var states = await alerts.ReadStatesAsync(cancellationToken);
        var active = states.Values.OrderByDescending(s => s.State == "firing").ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        var now = time.GetUtcNow();
        var exampleIds = active.SelectMany(a => a.ExampleRequestIds ?? []).ToHashSet(StringComparer.Ordinal);
        var traces = await FeedbackJoin.TraceIdsAsync(exampleIds, cache(), aggregator.Value, now.ToUnixTimeSeconds(), cancellationToken);
        var html = OverviewPage.Render(new OverviewData(windows, charts, cost, active, traces, now), options.Value.DashboardUrl);
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
