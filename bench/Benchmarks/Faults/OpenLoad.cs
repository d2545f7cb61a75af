using System.Diagnostics;
using System.Text;

namespace Benchmarks.Faults;

/// <summary>
/// Open-loop traffic for the fault scenarios: requests leave on schedule whatever the service does, each bounded by
/// the client's timeout, and every ending is classified: answered (by status, noting 429s without Retry-After),
/// refused at the transport (connection refused or reset), or hung (no answer within the timeout).
/// </summary>
internal sealed class OpenLoad(Uri service, TimeSpan timeout)
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5), UseProxy = false })
    {
        BaseAddress = service,
        Timeout = timeout,
    };

    /// <summary>The counts of the run in progress (or of the last run).</summary>
    public LoadResult Progress { get; private set; } = new();

    /// <summary>Sends <c>POST /generate</c> at <paramref name="rate"/> per second for <paramref name="duration"/>; waits for every answer.</summary>
    public async Task<LoadResult> RunAsync(double rate, TimeSpan duration, int maxTokens, CancellationToken cancellationToken = default)
    {
        var result = Progress = new LoadResult();
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                inFlight.Add(SendAsync(sent, maxTokens, clock, result));
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            await Task.Delay(5, CancellationToken.None);
        }

        await Task.WhenAll(inFlight);
        return result;
    }

    private async Task SendAsync(long i, int maxTokens, Stopwatch clock, LoadResult result)
    {
        var at = clock.Elapsed;
        var body = $"{{\"prompt\":\"And it came to pass on the {i % 97} day\",\"max_tokens\":{maxTokens},\"seed\":{i}}}";
        try
        {
            using var response = await _client.PostAsync("/generate", new StringContent(body, Encoding.UTF8, "application/json"));
            await response.Content.LoadIntoBufferAsync();
            result.Answered(at, clock.Elapsed - at, response.StatusCode, response.Headers.RetryAfter is not null);
        }
        catch (TaskCanceledException)
        {
            result.Hung(at);
        }
        catch (HttpRequestException)
        {
            result.Refused(at);
        }
    }
}
