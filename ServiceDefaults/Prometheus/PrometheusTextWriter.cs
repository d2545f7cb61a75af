using System.Buffers;
using System.Globalization;
using System.Text;
using OpenTelemetry.Metrics;

namespace ServiceDefaults.Prometheus;

/// <summary>
/// Writes the Prometheus text format 0.0.4 and OpenMetrics 1.0.0 lines into a buffer writer: escaped HELP text and
/// label values, Go-style floats (<c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>) formatted straight into the buffer, exemplars
/// (OpenMetrics), one line per sample, LF line ends. Nothing here allocates unless a string needs escaping.
/// </summary>
internal static class PrometheusTextWriter
{
    public static void Help(IBufferWriter<byte> w, string name, string? help, bool escapeQuotes)
    {
        Ascii(w, "# HELP ");
        Ascii(w, name);
        Ascii(w, " ");
        Text(w, Escape(help ?? string.Empty, escapeQuotes));
        Ascii(w, "\n");
    }

    public static void Type(IBufferWriter<byte> w, string name, string type) => Comment(w, "# TYPE ", name, type);

    public static void Unit(IBufferWriter<byte> w, string name, string unit) => Comment(w, "# UNIT ", name, unit);

    public static void Eof(IBufferWriter<byte> w) => Ascii(w, "# EOF\n");

    /// <summary>
    /// One sample named <paramref name="name"/> + <paramref name="suffix"/>; <paramref name="le"/> (a histogram bound)
    /// is written as the last label; an exemplar, when given, follows the value (OpenMetrics only).
    /// </summary>
    public static void Sample(IBufferWriter<byte> w, string name, string suffix, List<KeyValuePair<string, string>> labels, double? le, double value, in Exemplar? exemplar = null)
    {
        Ascii(w, name);
        Ascii(w, suffix);
        if (labels.Count > 0 || le is not null)
        {
            Ascii(w, "{");
            var first = true;
            foreach (var (key, text) in labels)
            {
                StartLabel(w, key, ref first);
                Text(w, Escape(text, quote: true));
                Ascii(w, "\"");
            }

            if (le is { } bound)
            {
                StartLabel(w, "le", ref first);
                Number(w, bound);
                Ascii(w, "\"");
            }

            Ascii(w, "}");
        }

        Ascii(w, " ");
        Number(w, value);
        if (exemplar is { } e)
        {
            Exemplar(w, e);
        }

        Ascii(w, "\n");
    }

    /// <summary>Go-style float text (tests and label values use it).</summary>
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
            _ = c switch
            {
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '"' when quote => builder.Append("\\\""),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary><c> # {trace_id="…",span_id="…"} value timestamp</c>: 63 code points of labels, under the 128 limit.</summary>
    private static void Exemplar(IBufferWriter<byte> w, in Exemplar e)
    {
        Ascii(w, " # {trace_id=\"");
        Span<byte> id = stackalloc byte[16];
        e.TraceId.CopyTo(id);
        Hex(w, id);
        Ascii(w, "\",span_id=\"");
        e.SpanId.CopyTo(id[..8]);
        Hex(w, id[..8]);
        Ascii(w, "\"} ");
        // A long histogram's exemplar carries its measurement in LongValue only.
        Number(w, e.DoubleValue == 0 && e.LongValue != 0 ? e.LongValue : e.DoubleValue);
        Ascii(w, " ");
        Number(w, e.Timestamp.ToUnixTimeMilliseconds() / 1000.0);
    }

    private static void Number(IBufferWriter<byte> w, double value)
    {
        if (!double.IsFinite(value))
        {
            Ascii(w, Number(value));
            return;
        }

        var span = w.GetSpan(32);
        if (!value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A double did not fit in 32 bytes.");
        }

        w.Advance(written);
    }

    private static void Hex(IBufferWriter<byte> w, ReadOnlySpan<byte> bytes)
    {
        var span = w.GetSpan(bytes.Length * 2);
        for (var i = 0; i < bytes.Length; i++)
        {
            span[2 * i] = (byte)"0123456789abcdef"[bytes[i] >> 4];
            span[(2 * i) + 1] = (byte)"0123456789abcdef"[bytes[i] & 0xF];
        }

        w.Advance(bytes.Length * 2);
    }

    private static void Comment(IBufferWriter<byte> w, string keyword, string name, string text)
    {
        Ascii(w, keyword);
        Ascii(w, name);
        Ascii(w, " ");
        Ascii(w, text);
        Ascii(w, "\n");
    }

    private static void StartLabel(IBufferWriter<byte> w, string key, ref bool first)
    {
        if (!first)
        {
            Ascii(w, ",");
        }

        first = false;
        Ascii(w, key);
        Ascii(w, "=\"");
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
