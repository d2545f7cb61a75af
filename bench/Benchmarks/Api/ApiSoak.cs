using System.Diagnostics;
using System.Globalization;
using Benchmarks.Faults;
using Benchmarks.Prometheus;

namespace Benchmarks.Api;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- api-soak [minutes=10] [rate=20] [max_tokens=16]</c>: the
/// whole system as real processes (redis-server, Telemetry.Aggregator and Inference.Api from their Release builds,
/// the embedded model on the CPU; see <see cref="LocalSystem"/>), <c>POST /generate</c> sent open-loop at a steady
/// rate for the given minutes. Every 30 s it samples each service's RSS (/proc), managed heap and the memory the GC
/// has committed (its own <c>/metrics</c>: the runtime's last-collection heap size, summed over generations, and
/// committed size). Verdict: PASS when (1) no
/// request failed with a 5xx, a refused connection or a timeout, (2) Inference.Api's RSS never exceeded 250 MB, (3) for
/// each service the lowest RSS of the last third of the run (after a one-minute warm-up) is within 10 % of the lowest
/// of the first third, and (4) the aggregator's <c>/stats</c> counts exactly the requests the service answered: nothing
/// lost between the two services. Floors, not means: with server GC the RSS saw-tooths by 20 % or more as the GC
/// commits and releases memory (the committed column shows it), which a mean of a few samples catches at random
/// phases; a leak raises the floor, which is what (3) judges. The means are printed as well.
/// </summary>
internal static class ApiSoak
{
    private const double RssLimitMb = 250;

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var rate = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var maxTokens = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
        // A window longer than the run: it lasts the given minutes plus the start and the last sample, so a 1 h window
        // over a 60-minute run missed its first minute (counted 70 625-70 706 of 71 999 in session 7, never all).
        var window = minutes <= 14 ? "15m" : minutes <= 29 ? "30m" : minutes <= 58 ? "1h" : "6h";
        await using var system = await LocalSystem.StartAsync();
        using var http = new HttpClient();

        Console.WriteLine($"api soak: {minutes} min at {rate} req/s, max_tokens {maxTokens}; machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}");
        Console.WriteLine("| t (s) | sent | ok | 429 | failed | inference RSS (MB) | managed heap (MB) | GC committed (MB) | GC count (gen2) | aggregator RSS (MB) | managed heap (MB) | GC committed (MB) | GC count (gen2) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        var load = new OpenLoad(system.Inference, TimeSpan.FromSeconds(30));
        var run = load.RunAsync(rate, TimeSpan.FromMinutes(minutes), maxTokens);
        while (!run.IsCompleted)
        {
            samples.Add(await SampleAsync(http, system, clock.Elapsed, load.Progress));
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
        }

        var result = await run;
        samples.Add(await SampleAsync(http, system, clock.Elapsed, result));

        // Every answered request (2xx and 4xx alike) is an event; wait (bounded) for the aggregator to count them all.
        var answered = result.Answers.Count;
        var counted = await system.WaitCountedAsync(answered, TimeSpan.FromSeconds(60), window);
        var steady = samples.Where(s => s.Seconds >= 60).ToList();
        var peak = samples.Max(s => s.InferenceRssMb);
        var failed = result.ServerErrors + result.RefusedAtTransport + result.HungCount;
        var checks = new FaultVerdict("api soak")
            .Check(failed == 0, result.Summary())
            .Check(peak <= RssLimitMb, $"inference RSS peak {peak:0.0} MB (limit {RssLimitMb} MB)");
        Flat(checks, "inference", steady.Select(s => s.InferenceRssMb).ToList());
        Flat(checks, "aggregator", steady.Select(s => s.AggregatorRssMb).ToList());
        checks.Check(counted == answered, $"aggregator /stats?window={window} counts {counted} of {answered} answered requests");
        Console.WriteLine();
        Console.WriteLine(checks.ToMarkdown());
        return checks.Pass ? 0 : 1;
    }

    // The last third's lowest RSS (after the first minute) within 10 % of the first third's lowest.
    private static void Flat(FaultVerdict checks, string service, List<double> rss)
    {
        if (rss.Count < 3)
        {
            checks.Check(false, "flatness needs three samples after the first minute: run at least 2 minutes");
            return;
        }

        var third = rss.Count / 3;
        var (first, last) = (rss.Take(third).ToList(), rss.TakeLast(third).ToList());
        checks.Check(last.Min() <= first.Min() * 1.10, string.Create(CultureInfo.InvariantCulture,
            $"{service} RSS floor first third {first.Min():0.0} MB, last third {last.Min():0.0} MB (≤ +10 %); means {first.Average():0.0} and {last.Average():0.0} MB"));
    }

    private static async Task<Sample> SampleAsync(HttpClient http, LocalSystem system, TimeSpan at, Faults.LoadResult progress)
    {
        var (inferenceRss, inferenceRow) = await MemoryAsync(http, system.Inference, system.InferenceProcess.Id);
        var (aggregatorRss, aggregatorRow) = await MemoryAsync(http, system.Aggregators[0], system.AggregatorProcesses[0].Id);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {at.TotalSeconds:0} | {progress.Sent} | {progress.Ok} | {progress.Rejected} | {progress.ServerErrors + progress.RefusedAtTransport + progress.HungCount} | {inferenceRow} | {aggregatorRow} |"));
        return new Sample(at.TotalSeconds, inferenceRss, aggregatorRss);
    }

    // RSS from /proc, managed heap and gen-2 collections from the service's own /metrics.
    private static async Task<(double RssMb, string Row)> MemoryAsync(HttpClient http, Uri service, int pid)
    {
        var rss = ProcessMemory.RssMb(pid);
        var metrics = await http.GetStringAsync(new Uri(service, "/metrics"));
        var heap = Exposition.Sum(metrics, "dotnet_gc_last_collection_heap_size_bytes") / 1048576.0;
        var committed = Exposition.Sum(metrics, "dotnet_gc_last_collection_memory_committed_size_bytes") / 1048576.0;
        var gen2 = Exposition.Sum(metrics, "dotnet_gc_collections_total", "gc_heap_generation=\"gen2\"");
        return (rss, string.Create(CultureInfo.InvariantCulture, $"{rss:0.0} | {heap:0.0} | {committed:0.0} | {gen2:0}"));
    }

    private readonly record struct Sample(double Seconds, double InferenceRssMb, double AggregatorRssMb);
}
