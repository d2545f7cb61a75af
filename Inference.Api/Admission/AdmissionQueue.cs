using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Inference.Api.Admission;

/// <summary>
/// At most <see cref="AdmissionOptions.MaxConcurrent"/> requests generate; up to
/// <see cref="AdmissionOptions.MaxQueued"/> more wait in arrival order; beyond that a request is refused at once
/// so admitted requests keep their latency (429 + Retry-After instead of a collapse).
/// </summary>
internal sealed class AdmissionQueue : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _maxQueued;
    private int _waiting;

    public AdmissionQueue(IOptions<AdmissionOptions> options)
    {
        var value = options.Value;
        _slots = new SemaphoreSlim(value.MaxConcurrent, value.MaxConcurrent);
        _maxQueued = value.MaxQueued;
        RetryAfterSeconds = value.RetryAfterSeconds;
    }

    /// <summary>Requests waiting now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>What a 429 tells the client.</summary>
    public int RetryAfterSeconds { get; }

    /// <summary>
    /// Takes a generation slot, waiting if needed; returns false without waiting when the queue is full.
    /// The wait is measured from the call, in seconds.
    /// </summary>
    public async ValueTask<(bool Admitted, double WaitSeconds)> EnterAsync(Action<long>? queuedChanged, CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            return (true, 0);
        }

        if (Interlocked.Increment(ref _waiting) > _maxQueued)
        {
            Interlocked.Decrement(ref _waiting);
            return (false, 0);
        }

        var start = Stopwatch.GetTimestamp();
        queuedChanged?.Invoke(1);
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
            queuedChanged?.Invoke(-1);
        }

        return (true, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>Gives the slot back.</summary>
    public void Exit() => _slots.Release();

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();
}
