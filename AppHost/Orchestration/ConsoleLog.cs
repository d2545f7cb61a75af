namespace AppHost.Orchestration;

/// <summary>
/// The most recent console lines of one resource instance across its restarts, numbered so that a reader can ask for
/// what came after the last line it saw. The oldest lines are evicted when full and counted in <see cref="Dropped"/>.
/// </summary>
internal sealed class ConsoleLog(int capacity = ConsoleLog.DefaultCapacity)
{
    /// <summary>Lines kept per instance by default.</summary>
    public const int DefaultCapacity = 2_000;

    private readonly Queue<ConsoleLine> _lines = new();
    private readonly Lock _gate = new();
    private long _nextSeq;
    private long _dropped;

    /// <summary>Lines evicted.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The sequence number of the newest line (0 when empty).</summary>
    public long LastSeq => Interlocked.Read(ref _nextSeq);

    /// <summary>Appends a line.</summary>
    public void Add(string text)
    {
        lock (_gate)
        {
            _lines.Enqueue(new ConsoleLine(++_nextSeq, DateTime.UtcNow, text));
            if (_lines.Count > capacity)
            {
                _lines.Dequeue();
                _dropped++;
            }
        }
    }

    /// <summary>Lines with a sequence number above <paramref name="after"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public ConsoleLine[] After(long after, int limit = int.MaxValue)
    {
        lock (_gate)
        {
            return [.. _lines.Where(l => l.Seq > after).Take(limit)];
        }
    }
}
