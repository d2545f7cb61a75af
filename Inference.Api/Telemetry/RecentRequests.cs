using System.Collections.Concurrent;

namespace Inference.Api.Telemetry;

/// <summary>
/// Request ids this instance served recently, with the model that served each, so feedback can be marked as being
/// about a known or unknown request and counted against that model. Bounded: when full, the older half is forgotten
/// (feedback usually follows within minutes). The model strings are the runner's own instances: no copy per request.
/// </summary>
internal sealed class RecentRequests
{
    /// <summary>Ids kept at most.</summary>
    public const int Capacity = 100_000;

    private ConcurrentDictionary<string, string> _current = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, string> _previous = new(StringComparer.Ordinal);
    private readonly Lock _rotate = new();

    /// <summary>Remembers an id and its model.</summary>
    public void Add(string requestId, string model)
    {
        _current.TryAdd(requestId, model);
        if (_current.Count >= Capacity / 2)
        {
            lock (_rotate)
            {
                if (_current.Count >= Capacity / 2)
                {
                    _previous = _current;
                    _current = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
                }
            }
        }
    }

    /// <summary>Whether the id was served recently.</summary>
    public bool Contains(string requestId) => ModelOf(requestId) is not null;

    /// <summary>The model that served the id, or null when the id is not known here.</summary>
    public string? ModelOf(string requestId) =>
        _current.TryGetValue(requestId, out var model) || _previous.TryGetValue(requestId, out model) ? model : null;
}
