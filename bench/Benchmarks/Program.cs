using BenchmarkDotNet.Running;

namespace Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/Benchmarks -- --filter '*'` runs them all; see bench/README.md.
/// Console modes instead of BenchmarkDotNet jobs, for runs that need seconds or minutes of wall-clock traffic:
/// `-- load-generate [seconds] [rate]` (open-loop load on <c>/generate</c>) and `-- ingest-soak [minutes] [rate]`
/// (the aggregator process fed at a steady rate), `-- ingest-process [events] [label=dll]...` (the deployed aggregator
/// draining real events, counted by /stats, against redis-benchmark), `-- ingest-phases [batch] [chunk]` (one batch's time by phase), `-- api-soak [minutes] [rate]` (the whole
/// system under steady /generate traffic, memory sampled, counts checked end to end) and `-- faults [scenario...]`
/// (kills, stops and floods against real processes, each with a verdict), `-- engine-peer [rounds]` (the generation
/// loop against onnxruntime-node in a JS loop), `-- engine-concurrency [rounds]` (aggregate tokens/s at 1, 2, 4 and 8
/// streams, batched decode against MaxBatchSize 1), `-- engine-genai [rounds] [threads]` (one stream, our engine against ORT
/// GenAI's Generator loop in the same process), `-- engine-loop [rounds]` (GenerationLoopBenchmarks' two methods alternated call by call),
/// `-- engines [rounds]` (our engine against ONNX Runtime GenAI at 1, 2, 4
/// and 8 streams, in process and over HTTP, with RSS).
/// Not top-level statements: the referenced service projects already define a global <c>Program</c>.
/// </summary>
internal static class BenchmarkEntry
{
    private static int Main(string[] args)
    {
        switch (args)
        {
            case ["load-generate", .. var rest]:
                Api.GenerateLoad.RunAsync(rest).GetAwaiter().GetResult();
                return 0;
            case ["engine-peer", ..]:
                return Engine.Peer.EnginePeer.RunAsync(args).GetAwaiter().GetResult();
            case ["engine-loop", ..]:
                return Engine.GenerationLoopInterleaved.Run(args);
            case ["engine-genai", ..]:
                return Engine.EngineVersusGenAi.RunAsync(args).GetAwaiter().GetResult();
            case ["engine-concurrency", ..]:
                return Engine.EngineConcurrency.RunAsync(args).GetAwaiter().GetResult();
            case ["engines", ..]:
                return Engine.EnginesComparison.RunAsync(args).GetAwaiter().GetResult();
            case ["faults", ..]:
                return Faults.FaultsCommand.RunAsync(args).GetAwaiter().GetResult();
            case ["api-soak", ..]:
                return Api.ApiSoak.RunAsync(args).GetAwaiter().GetResult();
            case ["ingest-phases", ..]:
                return Ingest.IngestPhases.RunAsync(args).GetAwaiter().GetResult();
            case ["ingest-process", ..]:
                return Ingest.IngestProcess.RunAsync(args).GetAwaiter().GetResult();
            case ["ingest-soak", ..]:
                return Ingest.IngestSoak.RunAsync(args).GetAwaiter().GetResult();
            default:
                BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
                return 0;
        }
    }
}
