using System.Diagnostics;
using Inference.Api.Telemetry.Events;
using TestSupport.Cache;
using ServiceDefaults.Events;
using StackExchange.Redis;
using Telemetry.Aggregator.Ingest;

namespace Benchmarks.Ingest;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- ingest-phases [batch=10000] [lrangeChunk=2000]</c>: where one
/// consumer's batch spends its time, phase by phase, against a local redis-server: claim script, reading the
/// processing list (LRANGE replies parsed by the client), validation (JSON parse + checks), building the apply
/// script's arguments (sums per bucket, sketch fields), and the apply script itself. 30 rounds, the first two
/// discarded as warm-up; prints microseconds and bytes allocated per event for each phase and Redis' own command
/// statistics. The events are the real ones, as Inference.Api's publisher serializes them (<see cref="IngestProcess"/>).
/// </summary>
internal static class IngestPhases
{
    public static async Task<int> RunAsync(string[] args)
    {
        var batch = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        await using var server = await CacheServer.StartAsync(new CacheServerOptions { Kind = CacheServerKind.Redis });
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var client = connection.GetDatabase();
        var options = new AggregatorOptions { BatchSize = batch };
        var chunkSize = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        var validator = new EventValidator(options);
        var t = new double[6];
        var bytes = new double[5];
        for (var round = 0; round < 30; round++)
        {
            var now = DateTimeOffset.UtcNow;
            var entries = Enumerable.Range(0, batch).Select(i => new QueuedEvent(IngestProcess.Outcome(i, round, now.ToUnixTimeMilliseconds()), null).Serialize()).ToList();
            foreach (var chunk in entries.Chunk(1000))
            {
                await client.ListLeftPushAsync(EventQueueKeys.Pending, [.. chunk.Select(e => (RedisValue)e)]);
            }

            var a0 = GC.GetTotalAllocatedBytes(precise: true);
            var s = Stopwatch.GetTimestamp();
            await client.ScriptEvaluateAsync(QueueScripts.Claim, [EventQueueKeys.Pending, "telemetry:events:processing:p", "telemetry:events:lease:p", EventQueueKeys.Consumers], [batch, 30000L, "p"]);
            var s1 = Stopwatch.GetTimestamp();
            var a1 = GC.GetTotalAllocatedBytes(precise: true);
            var reads = new List<Task<RedisValue[]>>();
            for (long o = 0; o < batch; o += chunkSize)
            {
                reads.Add(client.ListRangeAsync("telemetry:events:processing:p", o, o + chunkSize - 1));
            }

            var got = new List<ReadOnlyMemory<byte>>(batch);
            foreach (var reply in await Task.WhenAll(reads))
            {
                foreach (var item in reply)
                {
                    got.Add(item);
                }
            }

            var s2 = Stopwatch.GetTimestamp();
            var a2 = GC.GetTotalAllocatedBytes(precise: true);
            var plan = BatchPlan.Create(got, validator, options, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var s3 = Stopwatch.GetTimestamp();
            var a3 = GC.GetTotalAllocatedBytes(precise: true);
            var (keys, applyArgs) = plan.BuildApply("telemetry:events:processing:p", "p");
            var s4 = Stopwatch.GetTimestamp();
            var a4 = GC.GetTotalAllocatedBytes(precise: true);
            await Task.WhenAll(client.ScriptEvaluateAsync(QueueScripts.Apply, keys, applyArgs), FeedbackJoin.IndexAsync(plan.TakeUnindexed(), client, options, now.ToUnixTimeSeconds()));
            var s5 = Stopwatch.GetTimestamp();
            var a5 = GC.GetTotalAllocatedBytes(precise: true);
            if (round >= 2)
            {
                t[0] += Stopwatch.GetElapsedTime(s, s1).TotalMicroseconds;
                t[1] += Stopwatch.GetElapsedTime(s1, s2).TotalMicroseconds;
                t[2] += Stopwatch.GetElapsedTime(s2, s3).TotalMicroseconds;
                t[3] += Stopwatch.GetElapsedTime(s3, s4).TotalMicroseconds;
                t[4] += Stopwatch.GetElapsedTime(s4, s5).TotalMicroseconds;
                t[5] += applyArgs.Length;
                bytes[0] += a1 - a0;
                bytes[1] += a2 - a1;
                bytes[2] += a3 - a2;
                bytes[3] += a4 - a3;
                bytes[4] += a5 - a4;
            }
        }

        var n = 28.0 * batch;
        Console.WriteLine($"per event µs: claim {t[0] / n:F2} lrange {t[1] / n:F2} validate {t[2] / n:F2} build {t[3] / n:F2} apply {t[4] / n:F2}; apply args per event {t[5] / n:F2}");
        Console.WriteLine($"allocated B per event: claim {bytes[0] / n:F0} lrange {bytes[1] / n:F0} validate {bytes[2] / n:F0} build {bytes[3] / n:F0} apply {bytes[4] / n:F0}");
        var info = await connection.GetServer(connection.GetEndPoints()[0]).InfoRawAsync("commandstats") ?? string.Empty;
        foreach (var line in info.Split('\n').Where(l => l.Contains("evalsha", StringComparison.Ordinal) || l.Contains("lrange", StringComparison.Ordinal)))
        {
            Console.WriteLine(line.Trim());
        }

        return 0;
    }
}
