using System.Globalization;
using System.Text;

namespace TestSupport.Otlp;

/// <summary>
/// Decodes <c>KeyValue</c> (1 key, 2 value) and <c>AnyValue</c> (1 string, 2 bool, 3 int, 4 double, 5 array, 6 kvlist,
/// 7 bytes) from opentelemetry-proto common/v1 into display text. Nested arrays and lists are rendered as JSON-like text
/// down to <see cref="MaxDepth"/> levels, so a hostile body cannot exhaust the stack.
/// </summary>
internal static class OtlpAttributes
{
    /// <summary>Deepest nesting of arrays/lists rendered; deeper input is rejected as malformed.</summary>
    public const int MaxDepth = 8;

    /// <summary>
    /// Longest text kept for one value (a log body, an attribute): the stores are bounded by count, so a single value must
    /// not be allowed to hold megabytes. Longer text is cut and ends with an ellipsis.
    /// </summary>
    public const int MaxValueLength = 16 * 1024;

    /// <summary><paramref name="text"/> cut to <see cref="MaxValueLength"/> characters.</summary>
    public static string Bounded(string text) => text.Length <= MaxValueLength ? text : string.Concat(text.AsSpan(0, MaxValueLength - 1), "…");

    /// <summary>Decodes one KeyValue message into <paramref name="into"/> (last value of a repeated key wins).</summary>
    public static void KeyValue(ReadOnlySpan<byte> message, Dictionary<string, string> into)
    {
        var (key, value) = Pair(message, 0);
        if (key is not null)
        {
            into[Bounded(key)] = value;
        }
    }

    /// <summary>An AnyValue message as text (empty when unset).</summary>
    public static string AnyValue(ReadOnlySpan<byte> message) => Bounded(AnyValue(message, 0));

    private static (string? Key, string Value) Pair(ReadOnlySpan<byte> message, int depth)
    {
        string? key = null;
        var value = string.Empty;
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1:
                    key = reader.String();
                    break;
                case 2:
                    value = Bounded(AnyValue(reader.Bytes(), depth));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (key, value);
    }

    private static string AnyValue(ReadOnlySpan<byte> message, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"Attribute values nested deeper than {MaxDepth} levels.");
        }

        var value = string.Empty;
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1:
                    value = reader.String();
                    break;
                case 2:
                    value = reader.Varint() != 0 ? "true" : "false";
                    break;
                case 3:
                    value = ((long)reader.Varint()).ToString(CultureInfo.InvariantCulture);
                    break;
                case 4:
                    value = reader.Double().ToString("R", CultureInfo.InvariantCulture);
                    break;
                case 5:
                    value = Array(reader.Bytes(), depth + 1);
                    break;
                case 6:
                    value = List(reader.Bytes(), depth + 1);
                    break;
                case 7:
                    value = Convert.ToBase64String(reader.Bytes());
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return value;
    }

    // ArrayValue.1 = repeated AnyValue.
    private static string Array(ReadOnlySpan<byte> message, int depth)
    {
        var text = new StringBuilder("[");
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field != 1)
            {
                reader.Skip();
                continue;
            }

            text.Append(text.Length > 1 ? ", " : string.Empty).Append(AnyValue(reader.Bytes(), depth));
        }

        return text.Append(']').ToString();
    }

    // KeyValueList.1 = repeated KeyValue.
    private static string List(ReadOnlySpan<byte> message, int depth)
    {
        var text = new StringBuilder("{");
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field != 1)
            {
                reader.Skip();
                continue;
            }

            var (key, value) = Pair(reader.Bytes(), depth);
            text.Append(text.Length > 1 ? ", " : string.Empty).Append(key).Append(": ").Append(value);
        }

        return text.Append('}').ToString();
    }
}
