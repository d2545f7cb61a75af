using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Events;
using Telemetry.Aggregator.Alerts;
using Telemetry.Aggregator.Tests.Support;

namespace Telemetry.Aggregator.Tests.Overview;

/// <summary>
/// 200 requests from the last 30 s at $0.001 each, and one firing alert whose rule name needs escaping. req-7 and
/// req-11 are the slowest of their 10 s buckets, so the aggregator keeps them (and their trace ids) as examples; req-7
/// carries a trace id, req-9 none, req-11 one that is not a W3C trace id.
/// </summary>
public sealed class OverviewFixture : SeededAggregatorFactory
{
    /// <summary>How many requests are fed.</summary>
    public const int Count = 200;

    /// <summary>The trace id req-7's event carries.</summary>
    public const string TraceOf7 = "4bf92f3577b34da6a3ce929d0e0e4736";

    internal override IReadOnlyList<RequestCompleted> Requests { get; } =
        Enumerable.Range(0, Count).Select(i => TestEvents.Request(i, Now.AddSeconds(-(i % 30))) with
        {
            CostUsd = 0.001,
            LatencyMs = i is 7 or 11 ? 5000 : 10 + (i % 200),
            TraceId = i == 7 ? TraceOf7 : i == 11 ? "../structuredlogs" : null,
        }).ToArray();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var alerts = Services.GetRequiredService<AlertStore>();
        await alerts.SaveAsync("slow|all", new AlertState("slow|all", "slow <script>", "warning", "firing", Now, Now, null, 812.5, 500, "5m", ["req-7", "req-9", "req-11"]), default);
    }
}
