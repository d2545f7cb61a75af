using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Benchmarks.Prometheus;
using Inference.Api.Telemetry;
using Inference.Api.Telemetry.Events;
using ServiceDefaults.Events;
using StackExchange.Redis;

namespace Benchmarks.Ingest;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- ingest-process [events] [label=path/Telemetry.Aggregator.dll[|NAME=value...]]...</c>
/// (environment variables after <c>|</c>, e.g. a GC setting to compare):
/// the deployed aggregator process (a Release build, its own default configuration) draining a queue filled beforehand
/// with real <c>RequestCompleted</c> events, serialized by Inference.Api's own publisher code (<c>QueuedEvent</c>, about
/// 600 bytes each). A local redis-server on a free port; its yardstick <c>redis-benchmark -P 16 -t set</c> runs first, in
/// the same run. Each build named on the command line drains the same number of events in turn (twice, alternating,
/// so a neighbour's load does not favour one); events/s is counted exactly by the service's own <c>/stats</c>: from
/// the first sample that shows applied events to the sample that shows all of them. Over the same span it reports the
/// CPU time each process spent per event (redis-server's INFO used_cpu_*, the aggregator's /proc times): on a machine
/// shared with other work those figures move far less than the wall-clock rate.
/// </summary>
internal static class IngestProcess
{
    private static readonly TimeSpan s_sampleEvery = TimeSpan.FromMilliseconds(100);
    private static readonly string[] s_models = ["kjv-5m", "kjv-5m", "kjv-5m", "other"];
    private static readonly string[] s_finish = ["stop", "length"];

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300_000;
        var builds = args.Skip(2).Select(a => a.Split('=', 2)).Select(p => (Label: p[0], Dll: p[1])).ToList();
        if (builds.Count == 0)
        {
            builds.Add(("current", Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "Telemetry.Aggregator", "bin", "Release", "net10.0", "Telemetry.Aggregator.dll")));
        }

        var port = FreePort();
        using var redis = StartRedis(port);
        try
        {
            return await RunAgainstAsync(port, count, builds);
        }
        finally
        {
            redis.Kill();
        }
    }

    private static async Task<int> RunAgainstAsync(int port, int count, List<(string Label, string Dll)> builds)
    {
        var connectionString = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        await using var connection = await ConnectWhenUpAsync(connectionString + ",allowAdmin=true");
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        Console.WriteLine($"ingest-process: {count} events per run; machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}; {server.Version} redis-server");
        await RedisBenchmarkAsync(port);

        var results = builds.ToDictionary(b => b.Label, _ => new List<Drain>());
        for (var round = 0; round < 2; round++)
        {
            foreach (var (label, dll) in builds)
            {
                await server.FlushAllDatabasesAsync();
                var bytes = await FillAsync(connection.GetDatabase(), count, round);
                var drain = await DrainAsync(dll, connectionString, count, server);
                results[label].Add(drain);
                Console.WriteLine($"| {label} | round {round + 1} | {count} events, {bytes / (double)count:0} bytes each | {drain.EventsPerSecond:0} events/s | redis-server {drain.RedisCpuMicros:0.00} µs CPU/event | aggregator {drain.AggregatorCpuMicros:0.00} µs CPU/event | " +
                    $"{drain.AllocatedBytes:0} B allocated/event | GCs per 100k events gen0 {drain.Collections[0]:0.0} gen1 {drain.Collections[1]:0.0} gen2 {drain.Collections[2]:0.0} | GC pause {drain.PauseMicros:0.00} µs/event | peak RSS {drain.PeakRssMb:0} MB |");
                Console.WriteLine($"  redis-server by command: {drain.CommandTimes}");
            }
        }

        foreach (var (label, drains) in results)
        {
            Console.WriteLine($"{label}: best {drains.Max(d => d.EventsPerSecond):0} events/s, mean {drains.Average(d => d.EventsPerSecond):0} events/s; " +
                $"CPU per event: redis-server {drains.Average(d => d.RedisCpuMicros):0.00} µs, aggregator {drains.Average(d => d.AggregatorCpuMicros):0.00} µs; " +
                $"aggregator {drains.Average(d => d.AllocatedBytes):0} B allocated/event, GCs per 100k events gen0 {drains.Average(d => d.Collections[0]):0.0} gen1 {drains.Average(d => d.Collections[1]):0.0} gen2 {drains.Average(d => d.Collections[2]):0.0}, GC pause {drains.Average(d => d.PauseMicros):0.00} µs/event, peak RSS {drains.Max(d => d.PeakRssMb):0} MB");
        }

        return 0;
    }

    // What Inference.Api publishes for a finished request, through its own serializer.
    private static async Task<long> FillAsync(IDatabase db, int count, int round)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long bytes = 0;
        var chunk = new RedisValue[1000];
        for (var start = 0; start < count; start += chunk.Length)
        {
            var n = Math.Min(chunk.Length, count - start);
            for (var k = 0; k < n; k++)
            {
                var json = new QueuedEvent(Outcome(start + k, round, now), null).Serialize();
                bytes += json.Length;
                chunk[k] = json;
            }

            await db.ListLeftPushAsync(EventQueueKeys.Pending, n == chunk.Length ? chunk : chunk[..n]);
        }

        return bytes;
    }

    /// <summary>The <paramref name="i"/>th request of a run, as Inference.Api records it.</summary>
    internal static RequestOutcome Outcome(long i, int round, long nowMs)
    {
        var latency = 0.02 + (i * 7919 % 3000) / 10_000.0;
        var failed = i % 100 == 0;
        return new RequestOutcome
        {
            RequestId = $"chatcmpl-{round}-{Guid.NewGuid():N}",
            TraceId = ActivityTraceId.CreateRandom(),
            SpanId = ActivitySpanId.CreateRandom(),
            Model = s_models[i % s_models.Length],
            Route = i % 3 == 0 ? "chat_completions" : "generate",
            Operation = i % 3 == 0 ? "chat" : "text_completion",
            Stream = i % 2 == 0,
            Outcome = failed ? "error" : "success",
            ErrorType = failed ? "timeout" : null,
            Status = failed ? 504 : 200,
            FinishReason = failed ? null : s_finish[i % 2],
            StartedUnixMs = nowMs - (i % 60_000) - (long)(latency * 1000),
            LatencySeconds = latency,
            TimeToFirstTokenSeconds = 0.003 + (i % 97) / 10_000.0,
            TimePerOutputTokenSeconds = 0.001 + (i % 31) / 10_000.0,
            QueueWaitSeconds = (i % 13) / 1000.0,
            InputTokens = (int)(20 + i % 200),
            OutputTokens = (int)(10 + i % 100),
            CostUsd = 0.000_01 * (1 + i % 7),
            Tenant = "tenant-" + (i % 5).ToString(CultureInfo.InvariantCulture),
            UserHash = PrivacyHasher.PromptHash("user-" + (i % 1000).ToString(CultureInfo.InvariantCulture)),
            PromptChars = (int)(40 + i % 400),
            PromptSha256Prefix = PrivacyHasher.PromptHash("prompt-" + (i % 5000).ToString(CultureInfo.InvariantCulture)),
            Temperature = 0.7,
            TopK = 40,
            TopP = 0.95,
        };
    }

    private static async Task<Drain> DrainAsync(string dll, string connectionString, int count, IServer server)
    {
        var url = "http://127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture);
        var parts = dll.Split('|');
        dll = Path.GetFullPath(parts[0]);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        info.Environment["ASPNETCORE_URLS"] = url;
        info.Environment["ConnectionStrings__cache"] = connectionString;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var variable in parts.Skip(1).Select(v => v.Split('=', 2)))
        {
            info.Environment[variable[0]] = variable[1];
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet could not be started.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("aggregator: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            (TimeSpan At, long Requests, double RedisCpu, TimeSpan AggregatorCpu, string Metrics)? first = null;
            var clock = Stopwatch.StartNew();
            long peakRss = 0;
            while (clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                var requests = await RequestsAsync(http);
                process.Refresh();
                peakRss = Math.Max(peakRss, process.WorkingSet64);
                if (requests > 0 && first is null)
                {
                    process.Refresh();
                    first = (clock.Elapsed, requests, await RedisCpuSecondsAsync(server), process.TotalProcessorTime, await http.GetStringAsync("/metrics"));
                    await server.ConfigResetStatisticsAsync(); // Command statistics from here on, for the drain's breakdown.
                }

                if (requests >= count)
                {
                    process.Refresh();
                    var (at, applied, redisCpu, aggregatorCpu, metrics) = first!.Value;
                    var events = requests - applied;
                    var elapsed = clock.Elapsed - at;
                    var cpu = process.TotalProcessorTime - aggregatorCpu;
                    var redisSeconds = await RedisCpuSecondsAsync(server) - redisCpu;
                    var last = await http.GetStringAsync("/metrics");
                    double Delta(string name, string? label = null) => Exposition.Sum(last, name, label) - Exposition.Sum(metrics, name, label);
                    return new Drain(
                        events / elapsed.TotalSeconds,
                        redisSeconds * 1e6 / events,
                        cpu.TotalMicroseconds / events,
                        Delta("dotnet_gc_heap_total_allocated_bytes_total") / events,
                        [.. new[] { "gen0", "gen1", "gen2" }.Select(g => Delta("dotnet_gc_collections_total", $"gc_heap_generation=\"{g}\"") * 100_000 / events)],
                        Delta("dotnet_gc_pause_time_seconds_total") * 1e6 / events,
                        peakRss / 1048576.0,
                        await CommandTimesAsync(server, events));
                }

                await Task.Delay(s_sampleEvery);
            }

            throw new TimeoutException($"{dll} did not apply {count} events within 5 minutes.");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<double> RedisCpuSecondsAsync(IServer server)
    {
        var cpu = (await server.InfoAsync("cpu")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return double.Parse(cpu["used_cpu_user"], CultureInfo.InvariantCulture) + double.Parse(cpu["used_cpu_sys"], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// One drain: events/s; CPU µs per event of redis-server and of the aggregator; the aggregator's managed bytes
    /// allocated per event, its collections per 100 000 events (gen0, gen1, gen2, from the runtime's own counters at
    /// <c>/metrics</c>), its GC pause µs per event, and its largest RSS seen at the 100 ms samples of the drain. The
    /// collector's figures hardly move with a neighbour's load, so they judge a change to the allocation pattern where
    /// the CPU and rate figures are too noisy to.
    /// </summary>
    private readonly record struct Drain(double EventsPerSecond, double RedisCpuMicros, double AggregatorCpuMicros, double AllocatedBytes, double[] Collections, double PauseMicros, double PeakRssMb, string CommandTimes);

    /// <summary>
    /// redis-server's own time per event by command over the drain (INFO commandstats; the commands a script calls are
    /// counted under their own names as well as inside EVALSHA's time), the largest first: where the cache's share goes.
    /// </summary>
    private static async Task<string> CommandTimesAsync(IServer server, long events)
    {
        var stats = (await server.InfoAsync("commandstats")).SelectMany(g => g)
            .Select(p => (Name: p.Key.Replace("cmdstat_", string.Empty, StringComparison.Ordinal), Fields: p.Value.Split(',').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal)))
            .Select(c => (c.Name, Calls: long.Parse(c.Fields["calls"], CultureInfo.InvariantCulture), Usec: double.Parse(c.Fields["usec"], CultureInfo.InvariantCulture)))
            .OrderByDescending(c => c.Usec)
            .Take(8);
        return string.Join(", ", stats.Select(c => $"{c.Name} {c.Usec / events:0.00} µs/event ({c.Calls} calls)"));
    }

    // Total requests over the last 5 minutes as /stats reports them (0 while the service is still starting).
    private static async Task<long> RequestsAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/stats?window=5m");
            if (!response.IsSuccessStatusCode)
            {
                return 0;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            return body.RootElement.GetProperty("requests").GetInt64();
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0; // The poll timed out (a loaded machine): no sample this time, the next poll tries again.
        }
    }

    private static async Task RedisBenchmarkAsync(int port)
    {
        var info = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-t", "set", "-P", "16", "-n", "1000000", "-q" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("redis-benchmark could not be started (apt-get install -y redis-tools).");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        foreach (var line in output.Split('\r', '\n').Where(l => l.Contains("requests per second", StringComparison.Ordinal)))
        {
            Console.WriteLine("redis-benchmark -P 16 -t set: " + line.Trim());
        }
    }

    private static Process StartRedis(int port)
    {
        var info = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server could not be started.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task<ConnectionMultiplexer> ConnectWhenUpAsync(string configuration)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ConnectionMultiplexer.ConnectAsync(configuration);
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
