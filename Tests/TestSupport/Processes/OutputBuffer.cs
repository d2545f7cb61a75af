namespace TestSupport.Processes;

/// <summary>A thread-safe ring of the most recent console lines of one resource.</summary>
internal sealed class OutputBuffer(int capacity)
{
    private readonly Queue<string> _lines = new(capacity);
    private readonly Lock _gate = new();
    private long _dropped;

    /// <summary>Lines evicted because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Appends a line, evicting the oldest when full.</summary>
    public void Add(string line)
    {
        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
                _dropped++;
            }

            _lines.Enqueue(line);
        }
    }

    /// <summary>The newest <paramref name="count"/> lines, oldest first.</summary>
    public string[] Tail(int count = int.MaxValue)
    {
        lock (_gate)
        {
            return _lines.Skip(Math.Max(0, _lines.Count - count)).ToArray();
        }
    }
}
