namespace Inference.Api.Telemetry;

/// <summary>
/// Request ids this instance served recently, with the model that served each, so feedback can be marked as being
/// about a known or unknown request and counted against that model. Bounded and allocation-free on the request path
/// (it runs once per request): a fixed table of <see cref="Buckets"/> buckets of <see cref="Ways"/> slots; an id goes
/// to the bucket its hash picks and replaces the oldest id there. An id is forgotten once <see cref="Ways"/> later ids
/// land in its bucket: after 25 000 further requests that chance is about 3e-7, after 50 000 about 5e-4 (Poisson tail
/// with mean n / Buckets), so feedback, which usually follows within minutes, finds its request. The model strings
/// are the runner's own instances: nothing is copied.
/// </summary>
internal sealed class RecentRequests
{
    /// <summary>Slots per bucket.</summary>
    public const int Ways = 16;

    /// <summary>Buckets (a power of two).</summary>
    public const int Buckets = 1 << 13;

    /// <summary>Ids kept at most.</summary>
    public const int Capacity = Buckets * Ways;

    private readonly string?[] _slots = new string?[Capacity];
    private readonly string?[] _models = new string?[Capacity];
    private readonly int[] _cursors = new int[Buckets];

    /// <summary>Remembers an id and its model.</summary>
    public void Add(string requestId, string model)
    {
        var bucket = Bucket(requestId);
        var slot = (bucket * Ways) + (Interlocked.Increment(ref _cursors[bucket]) & (Ways - 1));
        // Model first, id second: a reader that finds the id then reads a model written no earlier than it.
        Volatile.Write(ref _models[slot], model);
        Volatile.Write(ref _slots[slot], requestId);
    }

    /// <summary>Whether the id was served recently.</summary>
    public bool Contains(string requestId) => ModelOf(requestId) is not null;

    /// <summary>The model that served the id, or null when the id is not known here.</summary>
    public string? ModelOf(string requestId)
    {
        var start = Bucket(requestId) * Ways;
        for (var i = 0; i < Ways; i++)
        {
            if (string.Equals(Volatile.Read(ref _slots[start + i]), requestId, StringComparison.Ordinal))
            {
                var model = Volatile.Read(ref _models[start + i]);
                // Re-check: if the slot was reused meanwhile, the model may belong to the newer id.
                return string.Equals(Volatile.Read(ref _slots[start + i]), requestId, StringComparison.Ordinal) ? model : null;
            }
        }

        return null;
    }

    // string.GetHashCode is seeded per process, so clients cannot aim ids at one bucket.
    private static int Bucket(string requestId) => requestId.GetHashCode() & (Buckets - 1);
}
