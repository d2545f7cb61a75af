using System.Globalization;

namespace Inference.Api.Telemetry.Events;

/// <summary>
/// Append-only JSONL files holding events that could not be delivered, replayed oldest first. Files rotate at a
/// size, the total is capped (oldest dropped and counted), and a file is deleted only once all of it was
/// delivered: a crash mid-replay sends some events twice, which the aggregator ignores by event id.
/// </summary>
/// <remarks>
/// Every running instance writes its own slot (<c>slot-N</c> under <see cref="EventPublisherOptions.SpoolDirectory"/>,
/// the lowest one no live instance holds): replicas on one host share the temp folder, and with one folder they
/// appended to the same file names and replayed, then deleted, files another replica was still writing. A slot whose
/// owner died with events in it is adopted by the next replay of any instance on the host.
/// </remarks>
internal sealed class EventSpool : IDisposable
{
    /// <summary>Most instances that can spool under one folder at once.</summary>
    public const int MaxSlots = 64;

    private const string Prefix = "events-";
    private const string Extension = ".jsonl";
    private const string SlotPrefix = "slot-";
    private readonly EventPublisherOptions _options;
    private readonly SpoolSlot _slot;
    private FileStream? _current;
    private long _sequence;

    public EventSpool(EventPublisherOptions options)
    {
        _options = options;
        _slot = ClaimSlot(options.SpoolDirectory);
        _sequence = Files(_slot.Directory).Select(SequenceOf).DefaultIfEmpty(0).Max();
    }

    /// <summary>The folder this instance spools to.</summary>
    public string Directory => _slot.Directory;

    /// <summary>Events dropped because the spool was over its cap.</summary>
    public long DroppedEvents { get; private set; }

    /// <summary>Whether anything is waiting to be replayed: in this instance's slot or in one whose owner died.</summary>
    public bool HasPending => _current is { Length: > 0 } || HasEvents(_slot.Directory) || OrphanedSlots().Any();

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
    /// Replays spooled files oldest first through <paramref name="publish"/>, deleting each once delivered: this
    /// instance's, then those of slots whose owner died (each locked while it is replayed).
    /// Stops at the first failure (the exception propagates) leaving the rest for later.
    /// </summary>
    public async Task ReplayAsync(Func<IReadOnlyList<ReadOnlyMemory<byte>>, Task> publish, int batchSize)
    {
        CloseCurrent();
        await ReplayFilesAsync(_slot.Directory, publish, batchSize);
        foreach (var directory in OrphanedSlots())
        {
            using var adopted = SpoolSlot.TryClaim(directory);
            if (adopted is not null)
            {
                await ReplayFilesAsync(directory, publish, batchSize);
            }
        }
    }

    /// <summary>Closes the file being written and releases the slot.</summary>
    public void Dispose()
    {
        CloseCurrent();
        _slot.Dispose();
    }

    private static SpoolSlot ClaimSlot(string root)
    {
        for (var n = 0; n < MaxSlots; n++)
        {
            if (SpoolSlot.TryClaim(Path.Combine(root, SlotPrefix + n.ToString(CultureInfo.InvariantCulture))) is { } slot)
            {
                return slot;
            }
        }

        throw new InvalidOperationException(
            $"All {MaxSlots} event spool slots under {root} are held by running instances. Give this instance its own folder (Telemetry:Events:SpoolDirectory).");
    }

    // Slots other than ours that hold events and that no live instance holds (probed by locking, then released).
    private IEnumerable<string> OrphanedSlots()
    {
        foreach (var directory in System.IO.Directory.EnumerateDirectories(_options.SpoolDirectory, SlotPrefix + "*").Order(StringComparer.Ordinal))
        {
            if (directory != _slot.Directory && HasEvents(directory) && IsFree(directory))
            {
                yield return directory;
            }
        }
    }

    private static bool IsFree(string directory)
    {
        using var probe = SpoolSlot.TryClaim(directory);
        return probe is not null;
    }

    private static async Task ReplayFilesAsync(string directory, Func<IReadOnlyList<ReadOnlyMemory<byte>>, Task> publish, int batchSize)
    {
        foreach (var path in Files(directory))
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

    private FileStream Current()
    {
        if (_current is null)
        {
            var path = Path.Combine(_slot.Directory, Prefix + (++_sequence).ToString("D8", CultureInfo.InvariantCulture) + Extension);
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
        var files = Files(_slot.Directory).ToList();
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

    private static IEnumerable<string> Files(string directory) =>
        System.IO.Directory.EnumerateFiles(directory, Prefix + "*" + Extension).Order(StringComparer.Ordinal);

    private static bool HasEvents(string directory) => Files(directory).Any(f => new FileInfo(f).Length > 0);

    private static long SequenceOf(string path) =>
        long.TryParse(Path.GetFileNameWithoutExtension(path).AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
