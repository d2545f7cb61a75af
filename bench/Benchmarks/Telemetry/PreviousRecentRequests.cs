using System.Collections.Concurrent;

namespace Benchmarks.Telemetry;

/// <summary>
/// The recent-request-id set as it was before 2026-11-22 (two rotating ConcurrentDictionary halves), kept here
/// only as the baseline of <see cref="RequestTelemetryBenchmarks"/>: its TryAdd allocates a node per request and
/// each rotation drops 50 000 of them on the GC.
/// </summary>
internal sealed class PreviousRecentRequests
{
    private const int Capacity = 100_000;

    private ConcurrentDictionary<string, byte> _current = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, byte> _previous = new(StringComparer.Ordinal);
    private readonly Lock _rotate = new();

    public void Add(string requestId)
    {
        _current.TryAdd(requestId, 0);
        if (_current.Count >= Capacity / 2)
        {
            lock (_rotate)
            {
                if (_current.Count >= Capacity / 2)
                {
                    _previous = _current;
                    _current = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
                }
            }
        }
    }

    public bool Contains(string requestId) => _current.ContainsKey(requestId) || _previous.ContainsKey(requestId);
}
