using System.CommandLine;

namespace LoadGen;

/// <summary>Parses, runs, reports, checks; returns the exit code (0 ok, 1 a check failed, 2 bad arguments).</summary>
internal static class LoadGenApp
{
    /// <summary>Exit code for bad arguments.</summary>
    public const int BadArguments = 2;

    /// <summary>Exit code when the error rate or the aggregator check fails.</summary>
    public const int CheckFailed = 1;

    /// <summary>Runs the tool with <paramref name="args"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = LoadGenCommand.Build();
        var parsed = root.Parse(args);
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        }

        var options = LoadGenCommand.TryParse(parsed, out var errors);
        if (options is null)
        {
            foreach (var message in errors)
            {
                await error.WriteLineAsync("loadgen: " + message);
            }

            await error.WriteLineAsync("loadgen: see --help for usage.");
            return BadArguments;
        }

        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = options.MaxInFlight })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var sender = new RequestSender(client, options);
        var warmup = new List<RequestSample>();
        for (var i = 0; i < options.Warmup; i++)
        {
            warmup.Add(await sender.SendAsync(System.Diagnostics.Stopwatch.GetTimestamp(), cancellationToken));
        }

        if (options.Warmup > 0)
        {
            await output.WriteLineAsync($"warm-up: {options.Warmup} requests, {warmup.Count(s => !s.Succeeded)} failed (not in the report)");
        }

        var progress = new RunProgress();
        var runner = new LoadRunner(sender, options, progress);
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var elapsed = await ProgressDisplay.ShowAsync(runner.RunAsync(cancellationToken), progress, output, terminal);
        var report = RunReport.From(options, progress, elapsed);
        await output.WriteLineAsync(report.ToMarkdown());
        if (options.OutJson is { } json)
        {
            await File.WriteAllTextAsync(json, report.ToJson(), cancellationToken);
        }

        if (options.OutMarkdown is { } markdown)
        {
            await File.WriteAllTextAsync(markdown, report.ToMarkdown(), cancellationToken);
        }

        var exit = 0;
        if (report.ErrorRate > options.MaxErrorRate)
        {
            await output.WriteLineAsync($"error rate {report.ErrorRate:P2} exceeds --max-error-rate {options.MaxErrorRate:P2}");
            exit = CheckFailed;
        }

        if (options.CheckStats is { } aggregator)
        {
            var (agree, text) = await StatsCheck.RunAsync(client, aggregator, options.Window, CheckPopulation.From(warmup, progress.Samples), options.CheckTimeout, cancellationToken);
            await output.WriteLineAsync(text);
            exit = agree ? exit : CheckFailed;
        }

        return exit;
    }
}
