using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Unicode;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// One string per distinct label value (model, route, outcome, tenant...), looked up from the event's UTF-8 bytes, so
/// reading an event does not allocate a new string for values repeated in every event. A batch of 10 000 events
/// is alive across the awaits of its apply, so every string it holds is promoted by the collections that run
/// meanwhile; seven fewer strings per event is less to copy. Bounded: past <see cref="MaxCached"/> distinct values
/// (tenants are the only label that can grow) new values are returned without being cached.
/// </summary>
internal sealed class LabelCache
{
    /// <summary>Distinct values kept.</summary>
    public const int MaxCached = 4096;

    /// <summary>Longest value looked up; longer ones (never a valid label: the validator's limit is 128) are read plainly.</summary>
    private const int MaxLookupBytes = 256;

    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public LabelCache() => _byChars = _values.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>One cache for the process.</summary>
    public static LabelCache Shared { get; } = new();

    /// <summary>Distinct values cached so far.</summary>
    public int Count => _values.Count;

    /// <summary>
    /// The string value of the current token, as <see cref="Utf8JsonReader.GetString"/> returns it (null for a JSON
    /// null, an exception for another token kind or invalid UTF-8), from the cache when the value is in it.
    /// </summary>
    public string? Get(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxLookupBytes)
        {
            return reader.GetString();
        }

        Span<char> chars = stackalloc char[MaxLookupBytes];
        if (Utf8.ToUtf16(reader.ValueSpan, chars, out _, out var written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            return reader.GetString(); // Invalid UTF-8: the reader's own error, as without the cache.
        }

        var text = chars[..written];
        if (_byChars.TryGetValue(text, out var value))
        {
            return value;
        }

        value = text.ToString();
        return _values.Count < MaxCached ? _values.GetOrAdd(value, value) : value;
    }
}
