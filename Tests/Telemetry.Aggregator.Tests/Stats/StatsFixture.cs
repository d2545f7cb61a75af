using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Aggregator.Tests.Support;
using Tests.Shared;

namespace Telemetry.Aggregator.Tests.Stats;

/// <summary>
/// The aggregator on a wall clock pinned at noon UTC today, fed once with 1 000 requests from the last 50 s and
/// drained before any test runs: every test sees the same data whatever the order, and no window edge or midnight
/// moves while the tests run on a slow machine.
/// </summary>
public sealed class StatsFixture : AggregatorFactory
{
    /// <summary>How many requests are fed.</summary>
    public const int Requests = 1000;

    /// <summary>The service's "now".</summary>
    public static readonly DateTimeOffset Now = new(DateTimeOffset.UtcNow.Date.AddHours(12), TimeSpan.Zero);

    private static readonly string[] s_tenants = ["acme", "globex"];

    /// <summary>Request <paramref name="i"/>'s tenant.</summary>
    public static string Tenant(int i) => s_tenants[i % 2];

    /// <summary>Request <paramref name="i"/>'s estimated cost.</summary>
    public static double Cost(int i) => i % 2 == 0 ? 0.001 : 0.0001;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using (var connection = Cache.NewClient())
        {
            var events = Enumerable.Range(0, Requests).Select(i =>
                TestEvents.Request(i, Now.AddSeconds(-(i % 50)), i % 4 == 0 ? "big" : "kjv-5m", "generate", Tenant(i)) with { CostUsd = Cost(i) });
            await TestEvents.PushAsync(connection.GetDatabase(), events.Select(TestEvents.Json));
        }

        using var client = CreateClient();
        long seen = -1;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync("/stats?window=1m");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            seen = body.RootElement.GetProperty("requests").GetInt64();
            return seen == Requests;
        }, $"the consumers to apply all {Requests} requests", seen: () => $"{seen} requests in the 1-minute window");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new PinnedWallClock(Now)));
    }
}
