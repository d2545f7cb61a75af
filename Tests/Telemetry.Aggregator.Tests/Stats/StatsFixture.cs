using ServiceDefaults.Events;
using Telemetry.Aggregator.Tests.Support;

namespace Telemetry.Aggregator.Tests.Stats;

/// <summary>1 000 requests from the last 50 s: a quarter on model "big", tenants "acme" and "globex" alternating.</summary>
public sealed class StatsFixture : SeededAggregatorFactory
{
    /// <summary>How many requests are fed.</summary>
    public const int Count = 1000;

    private static readonly string[] s_tenants = ["acme", "globex"];

    internal override IReadOnlyList<RequestCompleted> Requests { get; } = Enumerable.Range(0, Count).Select(i =>
        TestEvents.Request(i, Now.AddSeconds(-(i % 50)), i % 4 == 0 ? "big" : "kjv-5m", "generate", Tenant(i)) with { CostUsd = Cost(i) }).ToArray();

    /// <summary>Request <paramref name="i"/>'s tenant.</summary>
    public static string Tenant(int i) => s_tenants[i % 2];

    /// <summary>Request <paramref name="i"/>'s estimated cost.</summary>
    public static double Cost(int i) => i % 2 == 0 ? 0.001 : 0.0001;
}
