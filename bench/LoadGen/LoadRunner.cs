using System.Diagnostics;

namespace LoadGen;

/// <summary>Drives the target open loop (arrivals on a schedule) or closed loop (N workers), bounded by count, duration and an in-flight cap.</summary>
internal sealed class LoadRunner(RequestSender sender, LoadGenOptions options, RunProgress progress)
{
    /// <summary>Runs until the request count or duration is reached, then waits for requests in flight. Returns the elapsed seconds of the sending phase.</summary>
    public async Task<double> RunAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        var limit = options.Requests ?? long.MaxValue;
        if (options.Rate is { } rate)
        {
            await OpenLoopAsync(new OpenLoopSchedule(start, rate), end, limit, cancellationToken);
        }
        else
        {
            await ClosedLoopAsync(end, limit, cancellationToken);
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private async Task OpenLoopAsync(OpenLoopSchedule schedule, long end, long limit, CancellationToken cancellationToken)
    {
        using var inFlight = new SemaphoreSlim(options.MaxInFlight);
        var tasks = new List<Task>();
        for (long i = 0; i < limit && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = schedule.DueTicks(i);
            if (due >= end)
            {
                break;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            // The cap protects the client and the machine; an arrival over it is counted, never queued (queueing would hide latency).
            if (!inFlight.Wait(0, CancellationToken.None))
            {
                progress.OnDropped();
                continue;
            }

            progress.OnSent();
            tasks.Add(SendAndReleaseAsync(due, inFlight, cancellationToken));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task SendAndReleaseAsync(long due, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            progress.OnCompleted(await sender.SendAsync(due, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task ClosedLoopAsync(long end, long limit, CancellationToken cancellationToken)
    {
        long issued = 0;
        var workers = new Task[Math.Min(options.Concurrency, options.MaxInFlight)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < end && Interlocked.Increment(ref issued) <= limit)
                {
                    progress.OnSent();
                    // Closed loop: each request is sent when the previous finished, so intended = actual.
                    progress.OnCompleted(await sender.SendAsync(Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false));
                }
            }, CancellationToken.None);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }
}
