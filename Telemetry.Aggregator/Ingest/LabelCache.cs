using System.Text.Json;
using Telemetry.Aggregator.Windows;

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

    private readonly InternedStrings _strings = new(MaxCached);

    /// <summary>One cache for the process.</summary>
    public static LabelCache Shared { get; } = new();

    /// <summary>Distinct values cached so far.</summary>
    public int Count => _strings.Count;

    /// <summary>
    /// The string value of the current token, as <see cref="Utf8JsonReader.GetString"/> returns it (null for a JSON
    /// null, an exception for another token kind or invalid UTF-8), from the cache when the value is in it.
    /// </summary>
    public string? Get(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence && _strings.TryGet(reader.ValueSpan, out var value)
            ? value
            : reader.GetString(); // Escaped, split, long (never a valid label) or invalid UTF-8: the reader's own result or error.
}
