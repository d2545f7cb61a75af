using System.Diagnostics;
using System.Globalization;
using TestSupport.Processes;
using Inference.Api.Generation;
using Inference.Api.Onnx;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Benchmarks.Engine;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- engine-concurrency [rounds=5] [intra-op threads=1] [spinning=false]</c>: aggregate decode
/// throughput at 1, 2, 4 and 8 concurrent streams, the batched engine (MaxBatchSize 8: one Run per step for all
/// rows) against the unbatched one (MaxBatchSize 1: a TokenGenerator loop per request, concurrent Runs on one
/// session) in the same process and run. Both use the given intra-op threads (1 by default, as engine-peer, so the
/// figures compare with it; 0 is one per core, the service's default, which measured best on a quiet machine and worst
/// on a busy one: see results/2026-11-22-engine.md) and the service's defaults otherwise, the shipped model, the same prompt set, greedy decoding and <see cref="EngineWorkload.NewTokens"/> new tokens per stream. Each
/// level runs one warm-up round and then <c>rounds</c> timed rounds per engine, alternating engines per round so
/// drift on a shared machine hits both. Aggregate tokens/s = every token streamed / wall time of the rounds. The
/// engines must stream the same tokens; the exit code is 1 otherwise.
/// </summary>
internal static class EngineConcurrency
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var spinning = args.Length > 3 && bool.Parse(args[3]);
        var environment = new HostingEnvironment { ContentRootPath = RepositoryLayout.RepoRoot };
        using var batched = new InferenceEngine(Options.Create(new ModelOptions { MaxBatchSize = 8, IntraOpThreads = threads, IntraOpSpinning = spinning }), environment);
        using var unbatched = new InferenceEngine(Options.Create(new ModelOptions { MaxBatchSize = 1, IntraOpThreads = threads, IntraOpSpinning = spinning }), environment);
        var prompts = EngineWorkload.Prompts.Select(p => batched.Model.Tokenizer.Encode(p)).ToArray();
        var rssStart = ProcessMemory.RssMb(Environment.ProcessId);
        var rssPeak = rssStart;
        var same = true;
        var results = new List<(int Level, double Batched, double Unbatched)>();
        foreach (var level in EngineWorkload.Levels)
        {
            var (batchedTokens, batchedSeconds, unbatchedTokens, unbatchedSeconds) = (0L, 0.0, 0L, 0.0);
            var warmBatched = await RoundAsync(batched, prompts, level);
            var warmUnbatched = await RoundAsync(unbatched, prompts, level);
            same &= warmBatched.Tokens.Zip(warmUnbatched.Tokens).All(p => p.First.SequenceEqual(p.Second));
            for (var round = 0; round < rounds; round++)
            {
                var b = await RoundAsync(batched, prompts, level);
                var u = await RoundAsync(unbatched, prompts, level);
                (batchedTokens, batchedSeconds) = (batchedTokens + b.Count, batchedSeconds + b.Seconds);
                (unbatchedTokens, unbatchedSeconds) = (unbatchedTokens + u.Count, unbatchedSeconds + u.Seconds);
                rssPeak = Math.Max(rssPeak, ProcessMemory.RssMb(Environment.ProcessId));
            }

            results.Add((level, batchedTokens / batchedSeconds, unbatchedTokens / unbatchedSeconds));
        }

        Console.WriteLine($"// engine concurrency: {EngineWorkload.NewTokens} new tokens per stream, greedy, {rounds} timed rounds per level and engine, {Environment.ProcessorCount} cores, intra-op threads {batched.Options.IntraOpThreads} (0 = one per core), intra-op spinning {spinning}; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"// same tokens batched and unbatched: {same}; process RSS {rssStart:F0} MB after loading both engines, peak {rssPeak:F0} MB");
        Console.WriteLine("| streams | batched tokens/s | unbatched (MaxBatchSize 1) tokens/s | batched / unbatched | batched vs batched at 1 | unbatched vs unbatched at 1 |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var (level, b, u) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {level} | {b:F0} | {u:F0} | {b / u:F2}× | {b / results[0].Batched:F2}× | {u / results[0].Unbatched:F2}× |"));
        }

        return same ? 0 : 1;
    }

    // One round: `level` streams at once, prompts taken in turn; returns every stream's tokens and the wall time.
    private static async Task<(List<int>[] Tokens, long Count, double Seconds)> RoundAsync(InferenceEngine engine, int[][] prompts, int level)
    {
        var start = Stopwatch.GetTimestamp();
        var streams = await Task.WhenAll(Enumerable.Range(0, level).Select(i => Task.Run(() => StreamAsync(engine, prompts[i % prompts.Length]))));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (streams, streams.Sum(s => (long)s.Count), seconds);
    }

    private static async Task<List<int>> StreamAsync(InferenceEngine engine, int[] prompt)
    {
        var tokens = new List<int>(EngineWorkload.NewTokens);
        await foreach (var token in engine.GenerateAsync(prompt, EngineWorkload.NewTokens, SamplingSettings.Greedy, CancellationToken.None))
        {
            tokens.Add(token.Id);
        }

        return tokens;
    }
}
