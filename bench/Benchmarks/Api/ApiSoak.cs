using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AppHost.Cache;
using AppHost.Orchestration;
using AppHost.Processes;

namespace Benchmarks.Api;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- api-soak [minutes=10] [rate=20] [max_tokens=16]</c>: the
/// whole system as real processes (redis-server, Telemetry.Aggregator and Inference.Api from their Release builds,
/// the embedded model on the CPU), <c>POST /generate</c> sent open-loop at a steady rate for the given minutes.
/// Every 30 s it samples Inference.Api's RSS (/proc) and managed heap (its own <c>/metrics</c>: the runtime's
/// last-collection heap size, summed over generations). Verdict: PASS when (1) no request failed with a 5xx or a
/// transport error, (2) the RSS never exceeded 250 MB, (3) the RSS of the last third of the run (after a one-minute
/// warm-up) is within 10 % of the first third's, and (4) the aggregator's <c>/stats</c> counts exactly the requests
/// the service answered: nothing lost between the two services over the whole soak.
/// </summary>
internal static class ApiSoak
{
    private const double RssLimitMb = 250;

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var rate = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var maxTokens = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
        var window = minutes <= 14 ? "15m" : minutes <= 29 ? "30m" : "1h";
        await using var cache = await CacheServer.StartAsync(new CacheServerOptions { Kind = CacheServerKind.Redis });
        var aggregatorUrl = new Uri("http://127.0.0.1:" + FreePort.Next());
        var inferenceUrl = new Uri("http://127.0.0.1:" + FreePort.Next());
        await using var aggregator = Start("Telemetry.Aggregator", aggregatorUrl, cache.ConnectionString);
        await using var inference = Start("Inference.Api", inferenceUrl, cache.ConnectionString);
        await HealthProbe.WaitHealthyAsync("aggregator", aggregatorUrl, aggregator, TimeSpan.FromSeconds(60), CancellationToken.None);
        await HealthProbe.WaitHealthyAsync("inference", inferenceUrl, inference, TimeSpan.FromSeconds(60), CancellationToken.None);
        using var client = new HttpClient { BaseAddress = inferenceUrl, Timeout = TimeSpan.FromSeconds(30) };

        Console.WriteLine($"api soak: {minutes} min at {rate} req/s, max_tokens {maxTokens}; machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}");
        Console.WriteLine("| t (s) | sent | ok | 429 | failed | inference RSS (MB) | managed heap (MB) | GC count (gen2) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        var counts = new Counts();
        var samples = new List<(double Seconds, double RssMb)>();
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromMinutes(minutes);
        var nextSample = TimeSpan.Zero;
        long sent = 0;
        while (clock.Elapsed < duration)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            while (sent < due)
            {
                inFlight.Add(SendAsync(client, sent++, maxTokens, counts));
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            if (clock.Elapsed >= nextSample)
            {
                samples.Add(await SampleAsync(client, inference, clock.Elapsed, sent, counts));
                nextSample += TimeSpan.FromSeconds(30);
            }

            await Task.Delay(5);
        }

        await Task.WhenAll(inFlight);
        samples.Add(await SampleAsync(client, inference, clock.Elapsed, sent, counts));

        // Every answered request (2xx and 4xx alike) is an event; wait (bounded) for the aggregator to count them all.
        var answered = counts.Ok + counts.Rejected + counts.ClientErrors;
        using var stats = new HttpClient { BaseAddress = aggregatorUrl };
        long counted = 0;
        for (var i = 0; i < 300 && counted < answered; i++)
        {
            using var doc = JsonDocument.Parse(await stats.GetStringAsync($"/stats?window={window}"));
            counted = doc.RootElement.GetProperty("requests").GetInt64();
            if (counted < answered)
            {
                await Task.Delay(100);
            }
        }

        var steady = samples.Where(s => s.Seconds >= 60).ToList();
        var third = Math.Max(1, steady.Count / 3);
        var first = steady.Count > 0 ? steady.Take(third).Average(s => s.RssMb) : 0;
        var last = steady.Count > 0 ? steady.TakeLast(third).Average(s => s.RssMb) : 0;
        var peak = samples.Max(s => s.RssMb);
        var noFailures = counts.Failed == 0;
        var underLimit = peak <= RssLimitMb;
        var flat = last <= first * 1.10;
        var exact = counted == answered;
        Console.WriteLine();
        Console.WriteLine($"sent {sent}, ok {counts.Ok}, 429 {counts.Rejected}, other 4xx {counts.ClientErrors}, failed (5xx or transport) {counts.Failed}: {Verdict(noFailures)}");
        Console.WriteLine($"RSS peak {peak:0.0} MB (limit {RssLimitMb} MB): {Verdict(underLimit)}");
        Console.WriteLine($"RSS first third {first:0.0} MB, last third {last:0.0} MB (≤ +10 %): {Verdict(flat)}");
        Console.WriteLine($"aggregator /stats?window={window} counts {counted} of {answered} answered requests: {Verdict(exact)}");
        await inference.StopAsync(TimeSpan.FromSeconds(10));
        await aggregator.StopAsync(TimeSpan.FromSeconds(10));
        var pass = noFailures && underLimit && flat && exact;
        Console.WriteLine(pass ? "api soak: PASS" : "api soak: FAIL");
        return pass ? 0 : 1;
    }

    private static string Verdict(bool ok) => ok ? "pass" : "FAIL";

    private static ChildProcess Start(string project, Uri endpoint, string cache)
    {
        var dll = Path.Combine(RepositoryLayout.RepoRoot, project, "bin", "Release", "net10.0", project + ".dll");
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet")!) { WorkingDirectory = Path.Combine(RepositoryLayout.RepoRoot, project) };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        info.Environment["ASPNETCORE_URLS"] = endpoint.ToString().TrimEnd('/');
        info.Environment["ConnectionStrings__cache"] = cache;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // One client sends everything: the per-client rate limit (600/min by default) is not what is measured.
        info.Environment["Auth__RequestsPerMinute"] = "0";
        return ChildProcess.Start(project, info);
    }

    private static async Task SendAsync(HttpClient client, long i, int maxTokens, Counts counts)
    {
        var body = $"{{\"prompt\":\"And it came to pass in the {i % 97} day\",\"max_tokens\":{maxTokens},\"seed\":{i}}}";
        try
        {
            using var response = await client.PostAsync("/generate", new StringContent(body, Encoding.UTF8, "application/json"));
            await response.Content.LoadIntoBufferAsync();
            counts.Record(response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref counts.Failed);
        }
    }

    private static async Task<(double, double)> SampleAsync(HttpClient client, ChildProcess inference, TimeSpan at, long sent, Counts counts)
    {
        var rss = ReadRssMb(inference.Id);
        var metrics = await client.GetStringAsync("/metrics");
        var heap = SumSamples(metrics, "dotnet_gc_last_collection_heap_size_bytes") / 1048576.0;
        var gen2 = SumSamples(metrics, "dotnet_gc_collections_total{gc_heap_generation=\"gen2\"}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {at.TotalSeconds:0} | {sent} | {counts.Ok} | {counts.Rejected} | {counts.Failed} | {rss:0.0} | {heap:0.0} | {gen2:0} |"));
        return (at.TotalSeconds, rss);
    }

    /// <summary>Sums every sample of a metric family (or of one labelled series when the name includes labels).</summary>
    private static double SumSamples(string exposition, string name)
    {
        double sum = 0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && (line.Length > name.Length && line[name.Length] is '{' or ' ' || name.EndsWith('}')))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    private static double ReadRssMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) ?? "VmRSS: 0 kB";
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private sealed class Counts
    {
        public long Ok;
        public long Rejected;
        public long ClientErrors;
        public long Failed;

        public void Record(HttpStatusCode status)
        {
            var code = (int)status;
            if (code < 300)
            {
                Interlocked.Increment(ref Ok);
            }
            else if (code == 429)
            {
                Interlocked.Increment(ref Rejected);
            }
            else if (code < 500)
            {
                Interlocked.Increment(ref ClientErrors);
            }
            else
            {
                Interlocked.Increment(ref Failed);
            }
        }
    }
}
