
namespace TestSupport.Processes;

/// <summary>Waits for a resource's <c>/health</c> to answer 200, failing early if the process exits.</summary>
internal static class HealthProbe
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls until healthy; the error names the resource, the URL and its last output.</summary>
    public static async Task WaitHealthyAsync(string name, Uri endpoint, ChildProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Resource '{name}' exited with code {process.ExitCode} before it was healthy. Last output: {string.Join(" | ", process.Output.Tail(10))}");
            }

            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Resource '{name}' was not healthy at {new Uri(endpoint, "/health")} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// After start: checks <c>/health</c> every <paramref name="interval"/> while <paramref name="isRunning"/> holds and
    /// reports each answer (true for 200), until <paramref name="stop"/>.
    /// </summary>
    public static async Task WatchAsync(Uri endpoint, Func<bool> isRunning, Action<bool> report, TimeSpan interval, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(2) };
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (!isRunning())
                {
                    continue;
                }

                bool healthy;
                try
                {
                    using var response = await http.GetAsync("/health", stop);
                    healthy = response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    healthy = false;
                }
                catch (TaskCanceledException) when (!stop.IsCancellationRequested)
                {
                    healthy = false;
                }

                if (isRunning())
                {
                    report(healthy);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The instance is being disposed.
        }
    }
}
