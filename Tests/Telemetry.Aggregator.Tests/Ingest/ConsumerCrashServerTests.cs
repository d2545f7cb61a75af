using System.Diagnostics;
using TestSupport.Processes;
using ServiceDefaults.Events;
using StackExchange.Redis;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Tests.Support;
using Telemetry.Aggregator.Windows;
using Tests.Shared;

namespace Telemetry.Aggregator.Tests.Ingest;

/// <summary>
/// A real aggregator process is killed with SIGKILL in the middle of 200 000 events; a survivor reclaims what it
/// held and the final counts are exact, on redis-server and on Garnet.
/// </summary>
public abstract class ConsumerCrashServerTests<TFixture>(TFixture cache) : IClassFixture<TFixture> where TFixture : CacheFixture
{
    private const int EventCount = 200_000;

    /// <summary>Applied events after which the process is killed: far enough in to hold a claim, far from the end.</summary>
    private const int KillAfter = 30_000;

    /// <summary>Bounds a child process's start and a 200 000-event drain on a loaded 2-core machine (normally seconds).</summary>
    private static readonly TimeSpan s_processBound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task KillingAConsumerProcessMidStreamLosesAndDoublesNothing()
    {
        await using var connection = cache.NewClient();
        await CacheFixture.FlushAsync(connection);
        var redis = connection.GetDatabase();
        var now = DateTimeOffset.UtcNow;
        string[] tenants = ["t0", "t1", "t2", "t3", "t4"];
        var events = Enumerable.Range(0, EventCount).Select(i => TestEvents.Request(i, now.AddSeconds(-(i % 200)), tenant: tenants[i % 5])).ToList();
        await TestEvents.PushAsync(redis, events.Select(TestEvents.Json));

        await using (var victim = StartAggregatorProcess())
        {
            var applied = 0L;
            await Eventually.TrueAsync(async () => victim.HasExited || (applied = await CounterAsync(redis, "applied")) >= KillAfter,
                $"the aggregator process to apply {KillAfter} events", s_processBound, () => $"{applied} applied; output:\n{victim.Output}");
            Assert.False(victim.HasExited, $"the aggregator process exited by itself; output:\n{victim.Output}");
            victim.Kill();
        }

        var pendingAfterKill = await redis.ListLengthAsync(EventQueueKeys.Pending);
        Assert.True(pendingAfterKill > 0, "the process was killed before it finished (otherwise this proves nothing)");

        var survivor = new Aggregation(connection, TimeProvider.System, new Telemetry.Aggregator.Ingest.AggregatorOptions { BatchSize = 1000, LeaseTimeout = TimeSpan.FromSeconds(2) }).Consumer("survivor");
        long pending = -1, consumers = -1;
        await Eventually.TrueAsync(async () =>
        {
            await Aggregation.DrainAsync(survivor);
            await survivor.ReclaimExpiredAsync(default);
            consumers = await redis.SetLengthAsync(EventQueueKeys.Consumers);
            pending = await redis.ListLengthAsync(EventQueueKeys.Pending);
            return pending == 0 && consumers <= 1;
        }, "the survivor to drain the queue and reclaim the killed process's batch", s_processBound, () => $"{pending} pending, {consumers} consumers registered");

        var stats = new Aggregation(connection, TimeProvider.System).Stats;
        var all = await stats.SnapshotAsync(StatsWindow.Find("15m")!, SeriesNames.All, default);
        Assert.Equal(EventCount, all.Requests);
        Assert.Equal(events.Sum(e => (long)e.InputTokens), all.Tokens.Input);
        Assert.Equal(events.Sum(e => (long)e.OutputTokens), all.Tokens.Output);
        Assert.Equal(EventCount / 50, all.Errors.Total);
        Assert.Equal(EventCount / 5, (await stats.SnapshotAsync(StatsWindow.Find("15m")!, "tenant:t3", default)).Requests);
        Assert.Equal(EventCount, await CounterAsync(redis, "applied"));
    }

    private ChildProcess StartAggregatorProcess()
    {
        const string project = "Telemetry.Aggregator";
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet")!) { WorkingDirectory = Path.Combine(RepositoryLayout.RepoRoot, project) };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(RepositoryLayout.RepoRoot, project, "bin", RepositoryLayout.Configuration, "net10.0", project + ".dll"));
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:" + FreePort.Next();
        info.Environment["ConnectionStrings__cache"] = cache.ConnectionString;
        info.Environment["Aggregator__LeaseTimeout"] = "00:00:02";
        info.Environment["Aggregator__BatchSize"] = "1000";
        return ChildProcess.Start(project, info);
    }

    private static async Task<long> CounterAsync(IDatabase redis, string field) =>
        (long?)await redis.HashGetAsync(EventQueueKeys.Stats, field) ?? 0;
}

public sealed class ConsumerCrashRedisServerTests(RedisFixture cache) : ConsumerCrashServerTests<RedisFixture>(cache);

public sealed class ConsumerCrashGarnetServerTests(GarnetFixture cache) : ConsumerCrashServerTests<GarnetFixture>(cache);
