using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Events;
using Telemetry.Aggregator.Alerts;
using Telemetry.Aggregator.Tests.Support;

namespace Telemetry.Aggregator.Tests.Overview;

/// <summary>200 requests from the last 30 s at $0.001 each, and one firing alert whose rule name needs escaping.</summary>
public sealed class OverviewFixture : SeededAggregatorFactory
{
    /// <summary>How many requests are fed.</summary>
    public const int Count = 200;

    internal override IReadOnlyList<RequestCompleted> Requests { get; } =
        Enumerable.Range(0, Count).Select(i => TestEvents.Request(i, Now.AddSeconds(-(i % 30))) with { CostUsd = 0.001 }).ToArray();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var alerts = Services.GetRequiredService<AlertStore>();
        await alerts.SaveAsync("slow|all", new AlertState("slow|all", "slow <script>", "warning", "firing", Now, Now, null, 812.5, 500, "5m", ["req-7", "req-9"]), default);
    }
}
