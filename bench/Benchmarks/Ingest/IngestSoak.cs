using System.Diagnostics;
using System.Globalization;
using TestSupport.Cache;
using TestSupport.Processes;
using ServiceDefaults.Events;
using StackExchange.Redis;

namespace Benchmarks.Ingest;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- ingest-soak [minutes] [events/s]</c>: the real aggregator
/// process (Release build) against a local redis-server, fed at a steady rate for the given minutes, sampled every
/// 30 s (process RSS and GC heap via /proc and the service's own gauges, Redis used_memory, queue length, applied).
/// Passes when every event is applied exactly once and the RSS of the last third of the run is within 10 % of the
/// first third's (after a one-minute warm-up).
/// </summary>
internal static class IngestSoak
{
    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var rate = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000;
        await using var server = await CacheServer.StartAsync(new CacheServerOptions { Kind = CacheServerKind.Redis });
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var redis = connection.GetDatabase();
        var dll = Path.Combine(RepositoryLayout.RepoRoot, "Telemetry.Aggregator", "bin", "Release", "net10.0", "Telemetry.Aggregator.dll");
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet")!) { WorkingDirectory = Path.GetDirectoryName(dll)! };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:" + FreePort.Next();
        info.Environment["ConnectionStrings__cache"] = server.ConnectionString;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        await using var aggregator = ChildProcess.Start("aggregator", info);

        Console.WriteLine($"ingest soak: {minutes} min at {rate} events/s; machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}");
        Console.WriteLine("| t (s) | produced | applied | queue | aggregator RSS (MB) | redis used_memory (MB) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var samples = new List<(double Seconds, double RssMb)>();
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromMinutes(minutes);
        long produced = 0;
        var nextSample = TimeSpan.Zero;
        while (clock.Elapsed < duration)
        {
            // Open loop: push what the schedule says should have been sent by now, in LPUSHes of 1 000.
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            while (produced < due)
            {
                var n = (int)Math.Min(1000, due - produced);
                RedisValue[] push = [.. Enumerable.Range(0, n).Select(i => (RedisValue)Event(produced + i))];
                await redis.ListLeftPushAsync(EventQueueKeys.Pending, push);
                produced += n;
            }

            if (clock.Elapsed >= nextSample)
            {
                samples.Add(await SampleAsync(connection, aggregator, clock.Elapsed, produced));
                nextSample += TimeSpan.FromSeconds(30);
            }

            await Task.Delay(10);
        }

        for (var i = 0; i < 600 && await AppliedAsync(redis) < produced; i++)
        {
            await Task.Delay(100);
        }

        samples.Add(await SampleAsync(connection, aggregator, clock.Elapsed, produced));
        var applied = await AppliedAsync(redis);
        var steady = samples.Where(s => s.Seconds >= 60).ToList();
        var third = Math.Max(1, steady.Count / 3);
        var first = steady.Take(third).Average(s => s.RssMb);
        var last = steady.TakeLast(third).Average(s => s.RssMb);
        var flat = last <= first * 1.10;
        Console.WriteLine($"produced {produced}, applied {applied} (exact: {applied == produced}); RSS first third {first:0.0} MB, last third {last:0.0} MB (flat: {flat})");
        await aggregator.StopAsync(TimeSpan.FromSeconds(10));
        return applied == produced && flat ? 0 : 1;
    }

    private static async Task<(double, double)> SampleAsync(ConnectionMultiplexer connection, ChildProcess aggregator, TimeSpan at, long produced)
    {
        var redis = connection.GetDatabase();
        var rss = ProcessMemory.RssMb(aggregator.Id);
        var memory = await connection.GetServer(connection.GetEndPoints()[0]).InfoRawAsync("memory") ?? string.Empty;
        var used = memory.Split('\n').FirstOrDefault(l => l.StartsWith("used_memory:", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "0";
        var queue = await redis.ListLengthAsync(EventQueueKeys.Pending);
        Console.WriteLine($"| {at.TotalSeconds:0} | {produced} | {await AppliedAsync(redis)} | {queue} | {rss:0.0} | {long.Parse(used, CultureInfo.InvariantCulture) / 1048576.0:0.0} |");
        return (at.TotalSeconds, rss);
    }

    private static async Task<long> AppliedAsync(IDatabase redis) =>
        (long?)await redis.HashGetAsync(EventQueueKeys.Stats, "applied") ?? 0;

    private static byte[] Event(long i) => SyntheticEvents.Json("soak-" + i.ToString(CultureInfo.InvariantCulture), i, DateTimeOffset.UtcNow);
}
