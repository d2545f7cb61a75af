using System.Net;

namespace Benchmarks.Faults;

/// <summary>What one run of <see cref="OpenLoad"/> saw; thread-safe.</summary>
internal sealed class LoadResult
{
    private readonly Lock _gate = new();
    private readonly List<(TimeSpan At, TimeSpan Latency, int Status)> _answers = [];
    private readonly List<TimeSpan> _refused = [];
    private readonly List<TimeSpan> _hung = [];

    /// <summary>429 answers that lacked a Retry-After header.</summary>
    public int RejectedWithoutRetryAfter { get; private set; }

    public IReadOnlyList<(TimeSpan At, TimeSpan Latency, int Status)> Answers => _answers;

    public int Sent => _answers.Count + _refused.Count + _hung.Count;

    public int Ok => _answers.Count(a => a.Status < 300);

    public int Rejected => _answers.Count(a => a.Status == 429);

    public int ServerErrors => _answers.Count(a => a.Status >= 500);

    public int Unavailable => _answers.Count(a => a.Status == 503);

    /// <summary>Connection refused or reset: the service was not there.</summary>
    public int RefusedAtTransport => _refused.Count;

    /// <summary>When the requests that failed (refused at the transport, or 5xx) were sent.</summary>
    public IEnumerable<TimeSpan> FailureTimes => _refused.Concat(_answers.Where(a => a.Status >= 500).Select(a => a.At));

    /// <summary>No answer within the client's timeout.</summary>
    public int HungCount => _hung.Count;

    /// <summary>When each hung request was sent, since the start of the run.</summary>
    public IReadOnlyList<TimeSpan> HungTimes => Locked(() => _hung.ToArray());

    public void Answered(TimeSpan at, TimeSpan latency, HttpStatusCode status, bool hasRetryAfter)
    {
        lock (_gate)
        {
            _answers.Add((at, latency, (int)status));
            if (status == HttpStatusCode.TooManyRequests && !hasRetryAfter)
            {
                RejectedWithoutRetryAfter++;
            }
        }
    }

    public void Refused(TimeSpan at)
    {
        lock (_gate)
        {
            _refused.Add(at);
        }
    }

    public void Hung(TimeSpan at)
    {
        lock (_gate)
        {
            _hung.Add(at);
        }
    }

    /// <summary>The q-quantile (0..1) of successful answers' latency in milliseconds (nearest rank), NaN when none.</summary>
    public double OkLatencyMs(double q, Func<TimeSpan, bool>? sentWhen = null)
    {
        var sorted = _answers.Where(a => a.Status < 300 && (sentWhen is null || sentWhen(a.At))).Select(a => a.Latency.TotalMilliseconds).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    /// <summary>One line with the counts.</summary>
    public string Summary() =>
        $"sent {Sent}: ok {Ok}, 429 {Rejected}, other 4xx {Locked(() => _answers.Count(a => a.Status is >= 400 and < 500 and not 429))}, 5xx {ServerErrors} (503 {Unavailable}), connection refused {RefusedAtTransport}, hung {HungCount}";
}
