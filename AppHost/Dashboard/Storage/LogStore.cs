using AppHost.Dashboard.Otlp;

namespace AppHost.Dashboard.Storage;

/// <summary>
/// The most recent log records of every resource in a fixed ring: adding is O(1) under a short lock, the oldest record is
/// evicted when full and counted in <see cref="Dropped"/>.
/// </summary>
internal sealed class LogStore(int capacity = LogStore.DefaultCapacity)
{
    /// <summary>Records kept by default (about 10 MB of typical service logs).</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>Level names in increasing severity (.NET's LogLevel spelling).</summary>
    public static readonly string[] Levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    private readonly LogEntry?[] _ring = new LogEntry?[capacity];
    private readonly Lock _gate = new();
    private long _nextSeq;
    private long _dropped;

    /// <summary>Records evicted because the ring was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Changes on every add (for change notifications).</summary>
    public long Version => Interlocked.Read(ref _nextSeq);

    /// <summary>Stores a decoded record under <paramref name="resource"/>; returns its sequence number.</summary>
    public long Add(OtlpLogRecord record, string resource)
    {
        var eventId = int.TryParse(record.Attributes.GetValueOrDefault("logrecord.event.id") ?? record.Attributes.GetValueOrDefault("event.id"), out var id)
            ? id
            : (int?)null;
        lock (_gate)
        {
            var seq = ++_nextSeq;
            var slot = (int)((seq - 1) % _ring.Length);
            if (_ring[slot] is not null)
            {
                _dropped++;
            }

            _ring[slot] = new LogEntry(seq, record.Time, resource, record.Level, record.Category, eventId, record.Message, record.TraceId,
                record.SpanId, record.Attributes);
            return seq;
        }
    }

    /// <summary>Matching records, newest last.</summary>
    public QueryResult<LogEntry> Query(LogQuery query)
    {
        var matches = new List<LogEntry>();
        foreach (var entry in Snapshot())
        {
            if (Matches(entry, query))
            {
                matches.Add(entry);
            }
        }

        var limit = Math.Clamp(query.Limit, 1, matches.Count == 0 ? 1 : matches.Count);
        var page = query.After is not null ? matches.Take(limit) : matches.Skip(Math.Max(0, matches.Count - limit));
        return new QueryResult<LogEntry>([.. page], Dropped, matches.Count);
    }

    private LogEntry[] Snapshot()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_nextSeq, _ring.Length);
            var result = new LogEntry[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = _ring[(int)((_nextSeq - count + i) % _ring.Length)]!;
            }

            return result;
        }
    }

    private static bool Matches(LogEntry entry, LogQuery query) =>
        (query.After is null || entry.Seq > query.After)
        && (query.Resource is null || string.Equals(entry.Resource, query.Resource, StringComparison.OrdinalIgnoreCase))
        && (query.MinLevel is null || Array.IndexOf(Levels, entry.Level) >= query.MinLevel)
        && (query.TraceId is null || string.Equals(entry.TraceId, query.TraceId, StringComparison.OrdinalIgnoreCase))
        && (query.Text is null || entry.Message.Contains(query.Text, StringComparison.OrdinalIgnoreCase)
            || entry.Category.Contains(query.Text, StringComparison.OrdinalIgnoreCase))
        && (query.RequestId is null || HasRequestId(entry, query.RequestId));

    private static bool HasRequestId(LogEntry entry, string requestId)
    {
        foreach (var (key, value) in entry.Attributes)
        {
            if ((key.Equals("RequestId", StringComparison.OrdinalIgnoreCase) || key.EndsWith("request.id", StringComparison.OrdinalIgnoreCase))
                && value == requestId)
            {
                return true;
            }
        }

        return false;
    }
}
