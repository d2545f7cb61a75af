using System.Buffers;
using System.Buffers.Text;

namespace ServiceDefaults.Redis;

/// <summary>
/// Incremental RESP2/RESP3 reply parser over a <see cref="ReadOnlySequence{T}"/>: a frame split at any byte boundary
/// parses once complete; malformed input raises <see cref="RedisProtocolException"/> with the offset; limits on
/// length and nesting keep a hostile or broken peer from exhausting memory or the stack.
/// </summary>
internal static class RespParser
{
    /// <summary>Largest bulk string accepted (Redis's own proto-max-bulk-len default).</summary>
    public const long MaxBulkLength = 512L * 1024 * 1024;

    /// <summary>Most elements in one aggregate.</summary>
    public const long MaxAggregateLength = 16 * 1024 * 1024;

    /// <summary>Deepest nesting accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses one value from the start of <paramref name="buffer"/>; on success advances it past the value.</summary>
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, out RedisValue value)
    {
        var probe = default(RespProbe);
        return TryParse(ref buffer, ref probe, out value);
    }

    /// <summary>
    /// Parses one value from the start of <paramref name="buffer"/>; on success advances it past the value and resets
    /// <paramref name="probe"/>. A large aggregate arrives over many reads: before building anything, its elements are
    /// checked for completeness, and <paramref name="probe"/> remembers how far that check got, so the next attempt
    /// (same buffer start, more data) resumes there instead of walking every element again. Re-walking made a
    /// 2 000-entry LRANGE cost as much to parse as to transfer (once per 4–64 KB read).
    /// </summary>
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, ref RespProbe probe, out RedisValue value)
    {
        value = RedisValue.Nil;
        if (buffer.Length > 0 && buffer.FirstSpan[0] is (byte)'*' or (byte)'~' or (byte)'>' or (byte)'%')
        {
            if (!ProbeAggregate(buffer, ref probe))
            {
                return false;
            }
        }
        else if (buffer.Length > 0 && buffer.FirstSpan[0] == (byte)'|')
        {
            var attributes = new SequenceReader<byte>(buffer);
            if (!TryRead(ref attributes, 0, materialize: false, out _))
            {
                return false;
            }
        }

        probe = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!TryRead(ref reader, 0, materialize: true, out value))
        {
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    /// <summary>Whether the aggregate at the start of <paramref name="buffer"/> is complete, resuming from <paramref name="probe"/>.</summary>
    private static bool ProbeAggregate(ReadOnlySequence<byte> buffer, ref RespProbe probe)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (probe.Verified == 0)
        {
            reader.Advance(1);
            if (!TryReadNumber(ref reader, 0, out var count))
            {
                return false;
            }

            var elements = buffer.FirstSpan[0] == (byte)'%' ? count * 2 : count;
            if (count < -1 || elements > MaxAggregateLength)
            {
                throw new RedisProtocolException($"RESP aggregate length {count} at offset 0 is out of range.");
            }

            probe = new RespProbe(reader.Consumed, Math.Max(0, elements));
        }
        else
        {
            reader.Advance(probe.Verified);
        }

        while (probe.Remaining > 0)
        {
            if (!TryRead(ref reader, 1, materialize: false, out _))
            {
                return false;
            }

            probe = new RespProbe(reader.Consumed, probe.Remaining - 1);
        }

        return true;
    }

    private static bool TryRead(ref SequenceReader<byte> reader, int depth, bool materialize, out RedisValue value)
    {
        value = RedisValue.Nil;
        if (depth > MaxDepth)
        {
            throw new RedisProtocolException($"RESP nesting deeper than {MaxDepth} at offset {reader.Consumed}.");
        }

        var start = reader.Consumed;
        if (!reader.TryRead(out var type))
        {
            return false;
        }

        switch ((char)type)
        {
            case '+':
            case '-':
            case '(':
            case ',':
                if (!TryReadLine(ref reader, out var line))
                {
                    return false;
                }

                value = RedisValue.Text(type switch { (byte)'+' => RedisValueKind.SimpleString, (byte)'-' => RedisValueKind.Error, (byte)'(' => RedisValueKind.BigNumber, _ => RedisValueKind.Double }, line);
                return true;
            case ':':
                if (!TryReadNumber(ref reader, start, out var integer))
                {
                    return false;
                }

                value = RedisValue.Number(integer);
                return true;
            case '#':
                if (!TryReadLine(ref reader, out var flag))
                {
                    return false;
                }

                value = flag is [(byte)'t'] ? RedisValue.Number(1) : flag is [(byte)'f'] ? RedisValue.Number(0)
                    : throw new RedisProtocolException($"RESP boolean at offset {start} is neither t nor f.");
                return true;
            case '_':
                if (!TryReadLine(ref reader, out var nothing))
                {
                    return false;
                }

                value = nothing.Length == 0 ? RedisValue.Nil : throw new RedisProtocolException($"RESP null at offset {start} has content.");
                return true;
            case '$':
            case '=':
            case '!':
                return TryReadBulk(ref reader, start, type == (byte)'!' ? RedisValueKind.Error : RedisValueKind.BulkString, materialize, out value);
            case '*':
            case '~':
            case '>':
            case '%':
                return TryReadAggregate(ref reader, start, type, depth, materialize, out value);
            case '|':
                // Attributes (RESP3) precede the value they describe: read and drop them, return the value.
                if (!TryReadAggregate(ref reader, start, (byte)'%', depth, materialize, out _))
                {
                    return false;
                }

                return TryRead(ref reader, depth + 1, materialize, out value);
            default:
                throw new RedisProtocolException($"Unknown RESP type byte 0x{type:X2} at offset {start}.");
        }
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, long start, RedisValueKind kind, bool materialize, out RedisValue value)
    {
        value = RedisValue.Nil;
        if (!TryReadNumber(ref reader, start, out var length))
        {
            return false;
        }

        if (length == -1)
        {
            return true;
        }

        if (length is < 0 or > MaxBulkLength)
        {
            throw new RedisProtocolException($"RESP bulk length {length} at offset {start} is out of range.");
        }

        if (reader.Remaining < length + 2)
        {
            return false;
        }

        var bytes = materialize ? new byte[length] : [];
        if (materialize)
        {
            reader.TryCopyTo(bytes);
        }

        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new RedisProtocolException($"RESP bulk string at offset {start} is not followed by CRLF.");
        }

        value = RedisValue.Text(kind, bytes);
        return true;
    }

    private static bool TryReadAggregate(ref SequenceReader<byte> reader, long start, byte type, int depth, bool materialize, out RedisValue value)
    {
        value = RedisValue.Nil;
        if (!TryReadNumber(ref reader, start, out var count))
        {
            return false;
        }

        if (count == -1)
        {
            return true;
        }

        var elements = type == (byte)'%' ? count * 2 : count;
        if (count < 0 || elements > MaxAggregateLength)
        {
            throw new RedisProtocolException($"RESP aggregate length {count} at offset {start} is out of range.");
        }

        // Elements must all be present before anything is allocated for them: a huge declared length with no
        // data behind it then costs nothing.
        var items = new List<RedisValue>(materialize ? (int)Math.Min(elements, 1024) : 0);
        for (var i = 0; i < elements; i++)
        {
            if (!TryRead(ref reader, depth + 1, materialize, out var item))
            {
                return false;
            }

            if (materialize)
            {
                items.Add(item);
            }
        }

        var kind = type switch { (byte)'*' => RedisValueKind.Array, (byte)'~' => RedisValueKind.Set, (byte)'>' => RedisValueKind.Push, _ => RedisValueKind.Map };
        value = RedisValue.Aggregate(kind, [.. items]);
        return true;
    }

    private static bool TryReadNumber(ref SequenceReader<byte> reader, long start, out long number)
    {
        number = 0;
        if (!reader.TryReadTo(out ReadOnlySequence<byte> content, "\r\n"u8, advancePastDelimiter: true))
        {
            if (reader.Remaining > 64 * 1024 * 1024)
            {
                throw new RedisProtocolException($"RESP line at offset {reader.Consumed} has no CRLF within 64 MB.");
            }

            return false;
        }

        // Headers are short: parse them in place rather than copying each into an array.
        Span<byte> line = stackalloc byte[24];
        if (content.Length > line.Length)
        {
            throw new RedisProtocolException($"RESP number at offset {start} is not an integer.");
        }

        content.CopyTo(line);
        line = line[..(int)content.Length];
        if (!Utf8Parser.TryParse(line, out number, out var consumed) || consumed != line.Length)
        {
            throw new RedisProtocolException($"RESP number at offset {start} is not an integer.");
        }

        return true;
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out byte[] line)
    {
        line = [];
        if (!reader.TryReadTo(out ReadOnlySequence<byte> content, "\r\n"u8, advancePastDelimiter: true))
        {
            // A line longer than any legal header without CRLF is garbage, not a partial frame.
            if (reader.Remaining > 64 * 1024 * 1024)
            {
                throw new RedisProtocolException($"RESP line at offset {reader.Consumed} has no CRLF within 64 MB.");
            }

            return false;
        }

        line = content.ToArray();
        return true;
    }
}
