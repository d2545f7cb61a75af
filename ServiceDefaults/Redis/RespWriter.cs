using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ServiceDefaults.Redis;

/// <summary>Encodes commands as RESP arrays of bulk strings into a buffer writer, without intermediate strings.</summary>
internal static class RespWriter
{
    public static void Write(IBufferWriter<byte> writer, string command, ReadOnlySpan<object> args)
    {
        Header(writer, (byte)'*', args.Length + 1);
        Bulk(writer, command);
        foreach (var arg in args)
        {
            switch (arg)
            {
                case string s:
                    Bulk(writer, s);
                    break;
                case byte[] b:
                    Bulk(writer, b);
                    break;
                case ReadOnlyMemory<byte> m:
                    Bulk(writer, m.Span);
                    break;
                case int i:
                    Number(writer, i);
                    break;
                case long l:
                    Number(writer, l);
                    break;
                case double d:
                    Bulk(writer, d.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new ArgumentException($"Unsupported Redis argument type {arg?.GetType().Name ?? "null"}.", nameof(args));
            }
        }
    }

    private static void Number(IBufferWriter<byte> writer, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var length);
        Bulk(writer, digits[..length]);
    }

    private static void Bulk(IBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Header(writer, (byte)'$', length);
        var span = writer.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(value, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        writer.Advance(length + 2);
    }

    private static void Bulk(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        Header(writer, (byte)'$', value.Length);
        var span = writer.GetSpan(value.Length + 2);
        value.CopyTo(span);
        span[value.Length] = (byte)'\r';
        span[value.Length + 1] = (byte)'\n';
        writer.Advance(value.Length + 2);
    }

    private static void Header(IBufferWriter<byte> writer, byte type, long length)
    {
        var span = writer.GetSpan(24);
        span[0] = type;
        Utf8Formatter.TryFormat(length, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        writer.Advance(3 + written);
    }
}
