using System.Diagnostics;
using System.Net.Http.Headers;

namespace Benchmarks.Api;

/// <summary>
/// Drives a fixed request rate open-loop: request i is sent at start + i / rate whether or not earlier ones have
/// answered (a closed loop would slow down with the server and hide its latency). The count is bounded
/// (rate × seconds) and so is each request (a 5 s timeout). Latency is taken client-side from the scheduled send
/// time to the end of the response body, so a late sender shows up as latency, not as a gentler load.
/// </summary>
internal sealed class OpenLoopDriver(HttpClient client)
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(5);
    private int _failures;

    /// <summary>Runs one phase and returns its latencies.</summary>
    public async Task<LoadResult> RunAsync(Uri url, byte[] body, int rate, TimeSpan duration)
    {
        var count = (int)(rate * duration.TotalSeconds);
        _failures = 0;
        var latencies = new long[count];
        var service = new long[count];
        var pending = new Task[count];
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        long maxLag = 0;
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * interval);
            WaitUntil(due);
            maxLag = Math.Max(maxLag, Stopwatch.GetTimestamp() - due);
            pending[i] = SendAsync(url, body, latencies, service, i, due);
        }

        await Task.WhenAll(pending);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new LoadResult(latencies, service, _failures, count / elapsed.TotalSeconds, Stopwatch.GetElapsedTime(0, maxLag));
    }

    // Runs synchronously up to the socket write on the sender thread, then completes on the pool.
    private async Task SendAsync(Uri url, byte[] body, long[] latencies, long[] service, int index, long due)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var cts = new CancellationTokenSource(s_requestTimeout);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(url, content, cts.Token);
            await response.Content.LoadIntoBufferAsync(cts.Token);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _failures);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            Interlocked.Increment(ref _failures);
        }

        var end = Stopwatch.GetTimestamp();
        latencies[index] = end - due;
        service[index] = end - sent;
    }

    // Sleep while far from the due time, yield when close: on two shared cores a spinning sender would take the
    // server's CPU. Thread.Sleep(1) overshoots by up to ~1 ms on Linux, hence the 2 ms margin.
    private static void WaitUntil(long due)
    {
        while (true)
        {
            var left = due - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return;
            }

            if (left > Stopwatch.Frequency / 500)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}

/// <summary>
/// One phase's outcome: latencies from the scheduled send and from the actual send (Stopwatch ticks), failures,
/// the rate achieved, the sender's worst lag.
/// </summary>
internal sealed record LoadResult(long[] Latencies, long[] FromSend, int Failures, double AchievedRate, TimeSpan MaxSendLag)
{
    /// <summary>The q-quantile latency from the scheduled send in milliseconds (nearest rank).</summary>
    public double QuantileMs(double q) => Quantile(Latencies, q);

    /// <summary>The q-quantile latency from the actual send in milliseconds.</summary>
    public double FromSendQuantileMs(double q) => Quantile(FromSend, q);

    private static double Quantile(long[] values, double q)
    {
        var sorted = (long[])values.Clone();
        Array.Sort(sorted);
        var rank = Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[rank] * 1000.0 / Stopwatch.Frequency;
    }
}
