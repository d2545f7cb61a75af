using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Telemetry.Aggregator.Windows;

/// <summary>
/// Interned hash field names (<c>lat:123</c>, <c>err:timeout</c>), so counting an event builds no strings, and
/// reading a bucket back builds none for a name already seen. The sets are small: a sketch prefix has a few thousand
/// possible indices, error types are few; past a bound, names are built without caching rather than growing without
/// limit.
/// </summary>
internal sealed class FieldNames
{
    private const int MaxCached = 20_000;

    private readonly ConcurrentDictionary<(string Prefix, int? Index), string> _sketch = new();
    private readonly ConcurrentDictionary<string, string> _errors = new(StringComparer.Ordinal);
    private readonly InternedStrings _read = new(MaxCached);

    /// <summary>One cache for the process.</summary>
    public static FieldNames Shared { get; } = new();

    /// <summary><c>prefix:index</c>, or <c>prefix:z</c> for the zero bucket (null index).</summary>
    public string Sketch(string prefix, int? index)
    {
        if (_sketch.TryGetValue((prefix, index), out var name))
        {
            return name;
        }

        name = prefix + ":" + (index is { } i ? i.ToString(CultureInfo.InvariantCulture) : EventFields.ZeroBucket);
        if (_sketch.Count < MaxCached)
        {
            _sketch.TryAdd((prefix, index), name);
        }

        return name;
    }

    /// <summary><c>prefix:bound</c> of a distribution bucket.</summary>
    public string Range(string prefix, int bound) => Sketch(prefix, bound);

    /// <summary><c>err:type</c>.</summary>
    public string Error(string type)
    {
        if (_errors.TryGetValue(type, out var name))
        {
            return name;
        }

        name = EventFields.Errors + ":" + type;
        if (_errors.Count < MaxCached)
        {
            _errors.TryAdd(type, name);
        }

        return name;
    }

    /// <summary>
    /// The field name spelled by <paramref name="utf8"/> (as a bucket hash returns it), the same string every time:
    /// the gauge refresh reads every field of up to 41 buckets per series every 10 s, and a string per field was
    /// most of what it allocated.
    /// </summary>
    public string Read(ReadOnlyMemory<byte> utf8) =>
        _read.TryGet(utf8.Span, out var name) ? name : Encoding.UTF8.GetString(utf8.Span);
}
