using System.Collections.Concurrent;

namespace Inference.Api.Telemetry;

/// <summary>
/// Request ids this instance served recently, so feedback can be marked as being about a known or unknown
/// request. Bounded: when full, the older half is forgotten (feedback usually follows within minutes).
/// </summary>
internal sealed class RecentRequests
{
    /// <summary>Ids kept at most.</summary>
    public const int Capacity = 100_000;

    private ConcurrentDictionary<string, byte> _current = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, byte> _previous = new(StringComparer.Ordinal);
    private readonly Lock _rotate = new();

    /// <summary>Remembers an id.</summary>
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

    /// <summary>Whether the id was served recently.</summary>
    public bool Contains(string requestId) => _current.ContainsKey(requestId) || _previous.ContainsKey(requestId);
}
