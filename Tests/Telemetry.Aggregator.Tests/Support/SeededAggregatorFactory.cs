using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Events;
using Tests.Shared;

namespace Telemetry.Aggregator.Tests.Support;

/// <summary>
/// The aggregator on a wall clock pinned at noon UTC today, fed once with a class's requests (all from the last
/// minute) and drained before any test of the class runs: the tests share the data but assume no order, and no
/// window edge or midnight moves while they run on a slow machine.
/// </summary>
public abstract class SeededAggregatorFactory : AggregatorFactory
{
    /// <summary>The service's "now".</summary>
    public static readonly DateTimeOffset Now = new(DateTimeOffset.UtcNow.Date.AddHours(12), TimeSpan.Zero);

    /// <summary>The requests fed; their timestamps lie within the minute before <see cref="Now"/>.</summary>
    internal abstract IReadOnlyList<RequestCompleted> Requests { get; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using (var connection = Cache.NewClient())
        {
            await TestEvents.PushAsync(connection.GetDatabase(), Requests.Select(TestEvents.Json));
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
            return seen == Requests.Count;
        }, $"the consumers to apply all {Requests.Count} requests", seen: () => $"{seen} requests in the 1-minute window");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new PinnedWallClock(Now)));
    }
}
