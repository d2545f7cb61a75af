using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Unicode;

namespace Telemetry.Aggregator.Windows;

/// <summary>
/// One string per distinct short UTF-8 value, looked up from the bytes without building a string first: event labels
/// as the ingest reads them (<see cref="Ingest.LabelCache"/>) and hash field names as the window reads get them back
/// (<see cref="FieldNames"/>). Bounded: past the cap, new values are returned without being cached.
/// </summary>
internal sealed class InternedStrings
{
    /// <summary>Longest value looked up (on the stack); longer ones are left to the caller.</summary>
    public const int MaxBytes = 256;

    private readonly int _maxCached;
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public InternedStrings(int maxCached)
    {
        _maxCached = maxCached;
        _byChars = _values.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Distinct values cached so far.</summary>
    public int Count => _values.Count;

    /// <summary>
    /// The string <paramref name="utf8"/> spells, the same instance every time once cached; false when it is longer
    /// than <see cref="MaxBytes"/> or not valid UTF-8, for the caller to read its own way (and report its own error).
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (utf8.Length > MaxBytes)
        {
            return false;
        }

        Span<char> chars = stackalloc char[MaxBytes];
        if (Utf8.ToUtf16(utf8, chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            return false;
        }

        var text = chars[..written];
        if (_byChars.TryGetValue(text, out value))
        {
            return true;
        }

        value = text.ToString();
        if (_values.Count < _maxCached)
        {
            value = _values.GetOrAdd(value, value);
        }

        return true;
    }
}
