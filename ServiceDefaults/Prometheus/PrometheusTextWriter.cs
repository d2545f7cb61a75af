using System.Buffers;
using System.Globalization;
using System.Text;

namespace ServiceDefaults.Prometheus;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4 into a buffer writer: escaped HELP text and label values,
/// Go-style floats (<c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>), one line per sample, LF line ends.
/// </summary>
internal static class PrometheusTextWriter
{
    public static void Help(IBufferWriter<byte> w, string name, string? help)
    {
        Ascii(w, "# HELP ");
        Ascii(w, name);
        Ascii(w, " ");
        Text(w, Escape(help ?? string.Empty, quote: false));
        Ascii(w, "\n");
    }

    public static void Type(IBufferWriter<byte> w, string name, string type)
    {
        Ascii(w, "# TYPE ");
        Ascii(w, name);
        Ascii(w, " ");
        Ascii(w, type);
        Ascii(w, "\n");
    }

    /// <summary>One sample; <paramref name="extraLabel"/> (e.g. <c>le</c>) is written last.</summary>
    public static void Sample(IBufferWriter<byte> w, string name, IReadOnlyList<KeyValuePair<string, string>> labels, (string Name, string Value)? extraLabel, double value)
    {
        Ascii(w, name);
        if (labels.Count > 0 || extraLabel is not null)
        {
            Ascii(w, "{");
            var first = true;
            foreach (var (key, text) in labels)
            {
                Label(w, key, text, ref first);
            }

            if (extraLabel is { } extra)
            {
                Label(w, extra.Name, extra.Value, ref first);
            }

            Ascii(w, "}");
        }

        Ascii(w, " ");
        Ascii(w, Number(value));
        Ascii(w, "\n");
    }

    public static string Number(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    public static string Escape(string value, bool quote)
    {
        if (value.AsSpan().IndexOfAny(quote ? "\\\"\n" : "\\\n") < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '"' when quote => "\\\"",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static void Label(IBufferWriter<byte> w, string key, string value, ref bool first)
    {
        if (!first)
        {
            Ascii(w, ",");
        }

        first = false;
        Ascii(w, key);
        Ascii(w, "=\"");
        Text(w, Escape(value, quote: true));
        Ascii(w, "\"");
    }

    private static void Ascii(IBufferWriter<byte> w, string text)
    {
        var span = w.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        w.Advance(text.Length);
    }

    private static void Text(IBufferWriter<byte> w, string text)
    {
        var span = w.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        w.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
