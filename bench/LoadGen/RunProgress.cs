using System.Collections.Concurrent;

namespace LoadGen;

/// <summary>Live counters and the finished samples, shared by the senders and the progress display.</summary>
internal sealed class RunProgress
{
    private readonly ConcurrentQueue<RequestSample> _samples = new();
    private long _sent;
    private long _completed;
    private long _errors;
    private long _dropped;

    /// <summary>Requests sent so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Requests finished (any outcome).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Finished requests that were not a 2xx read to the end.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Open-loop arrivals not sent because the in-flight cap was reached.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Every finished sample.</summary>
    public IReadOnlyCollection<RequestSample> Samples => _samples;

    /// <summary>Counts a send.</summary>
    public void OnSent() => Interlocked.Increment(ref _sent);

    /// <summary>Counts an arrival dropped at the in-flight cap.</summary>
    public void OnDropped() => Interlocked.Increment(ref _dropped);

    /// <summary>Records a finished request.</summary>
    public void OnCompleted(RequestSample sample)
    {
        _samples.Enqueue(sample);
        if (!sample.Succeeded)
        {
            Interlocked.Increment(ref _errors);
        }

        Interlocked.Increment(ref _completed);
    }

    /// <summary>p95 latency (from intended send) of successful requests so far, in ms; a snapshot sort, called a few times a second.</summary>
    public double P95SoFarMs() => new Quantiles(_samples.Where(s => s.Succeeded).Select(s => s.LatencyFromIntended)).At(0.95) * 1000;
}
