using System.Globalization;

namespace Inference.Api.Telemetry.Events;

/// <summary>
/// Append-only JSONL files holding events that could not be delivered, replayed oldest first. Files rotate at a
/// size, the total is capped (oldest dropped and counted), and a file is deleted only once all of it was
/// delivered: a crash mid-replay sends some events twice, which the aggregator ignores by event id.
/// </summary>
internal sealed class EventSpool : IDisposable
{
    private const string Prefix = "events-";
    private const string Extension = ".jsonl";
    private readonly EventPublisherOptions _options;
    private FileStream? _current;
    private long _sequence;

    public EventSpool(EventPublisherOptions options)
    {
        _options = options;
        Directory.CreateDirectory(options.SpoolDirectory);
        _sequence = Files().Select(SequenceOf).DefaultIfEmpty(0).Max();
    }

    /// <summary>Events dropped because the spool was over its cap.</summary>
    public long DroppedEvents { get; private set; }

    /// <summary>Whether anything is waiting to be replayed.</summary>
    public bool HasPending => _current is { Length: > 0 } || Files().Any(f => new FileInfo(f).Length > 0);

    /// <summary>Appends events (one per line) and flushes them to disk.</summary>
    public void Append(IReadOnlyList<ReadOnlyMemory<byte>> events)
    {
        var file = Current();
        foreach (var e in events)
        {
            file.Write(e.Span);
            file.WriteByte((byte)'\n');
        }

        file.Flush(flushToDisk: false);
        if (file.Length >= _options.SpoolFileBytes)
        {
            CloseCurrent();
        }

        EnforceCap();
    }

    /// <summary>
    /// Replays spooled files oldest first through <paramref name="publish"/>, deleting each once delivered.
    /// Stops at the first failure (the exception propagates) leaving the rest for later.
    /// </summary>
    public async Task ReplayAsync(Func<IReadOnlyList<ReadOnlyMemory<byte>>, Task> publish, int batchSize)
    {
        CloseCurrent();
        foreach (var path in Files())
        {
            var batch = new List<ReadOnlyMemory<byte>>(batchSize);
            using (var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)))
            {
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    batch.Add(System.Text.Encoding.UTF8.GetBytes(line));
                    if (batch.Count == batchSize)
                    {
                        await publish(batch);
                        batch = new List<ReadOnlyMemory<byte>>(batchSize);
                    }
                }
            }

            if (batch.Count > 0)
            {
                await publish(batch);
            }

            File.Delete(path);
        }
    }

    /// <summary>Closes the file being written.</summary>
    public void Dispose() => CloseCurrent();

    private FileStream Current()
    {
        if (_current is null)
        {
            var path = Path.Combine(_options.SpoolDirectory, Prefix + (++_sequence).ToString("D8", CultureInfo.InvariantCulture) + Extension);
            _current = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }

        return _current;
    }

    private void CloseCurrent()
    {
        _current?.Dispose();
        _current = null;
    }

    private void EnforceCap()
    {
        var files = Files().ToList();
        var total = files.Sum(f => new FileInfo(f).Length);
        while (total > _options.SpoolMaxBytes && files.Count > 1)
        {
            var oldest = files[0];
            var length = new FileInfo(oldest).Length;
            DroppedEvents += File.ReadLines(oldest).LongCount(l => l.Length > 0);
            File.Delete(oldest);
            files.RemoveAt(0);
            total -= length;
        }
    }

    private IEnumerable<string> Files() =>
        Directory.EnumerateFiles(_options.SpoolDirectory, Prefix + "*" + Extension).Order(StringComparer.Ordinal);

    private static long SequenceOf(string path) =>
        long.TryParse(Path.GetFileNameWithoutExtension(path).AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
