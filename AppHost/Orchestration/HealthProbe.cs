using AppHost.Processes;

namespace AppHost.Orchestration;

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
}
