using System.Buffers.Binary;
using System.Text;

namespace TestSupport.Otlp;

/// <summary>
/// A minimal protobuf wire-format reader (varint, fixed64, length-delimited, fixed32) over one message's bytes:
/// enough to walk OTLP requests by field number without generated code. Malformed input throws
/// <see cref="InvalidDataException"/>, never reads out of bounds.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>Field number of the current field (after <see cref="Next"/>).</summary>
    public int Field { get; private set; }

    /// <summary>Wire type of the current field: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.</summary>
    public int WireType { get; private set; }

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next()
    {
        if (_position >= _data.Length)
        {
            return false;
        }

        var key = ReadVarint();
        Field = (int)(key >> 3);
        WireType = (int)(key & 7);
        return Field > 0 ? true : throw new InvalidDataException("Field number 0.");
    }

    /// <summary>The current varint field's value.</summary>
    public ulong Varint() => WireType == 0 ? ReadVarint() : throw Wrong(0);

    /// <summary>The current double field's value (wire type 1).</summary>
    public double Double() => BitConverter.UInt64BitsToDouble(Fixed64());

    /// <summary>The current fixed32 field's value.</summary>
    public uint Fixed32() => WireType == 5 ? BinaryPrimitives.ReadUInt32LittleEndian(Take(4)) : throw Wrong(5);

    /// <summary>
    /// Appends the values of a repeated fixed64/double field, which proto3 writes packed (one length-delimited run)
    /// but a sender may also write one element at a time.
    /// </summary>
    public void RepeatedFixed64(List<ulong> into)
    {
        if (WireType == 1)
        {
            into.Add(Fixed64());
            return;
        }

        var packed = Bytes();
        if (packed.Length % 8 != 0)
        {
            throw new InvalidDataException($"Packed field {Field} is {packed.Length} bytes, not a multiple of 8.");
        }

        for (var i = 0; i < packed.Length; i += 8)
        {
            into.Add(BinaryPrimitives.ReadUInt64LittleEndian(packed.Slice(i, 8)));
        }
    }

    /// <summary>The current fixed64 field's value.</summary>
    public ulong Fixed64()
    {
        if (WireType != 1)
        {
            throw Wrong(1);
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        return value;
    }

    /// <summary>The current length-delimited field's bytes (a nested message, string or packed run).</summary>
    public ReadOnlySpan<byte> Bytes() => WireType == 2 ? Take(Length()) : throw Wrong(2);

    /// <summary>The current field as UTF-8 text (invalid sequences become U+FFFD).</summary>
    public string String() => Encoding.UTF8.GetString(Bytes());

    /// <summary>Skips the current field's value.</summary>
    public void Skip()
    {
        _ = WireType switch
        {
            0 => ReadVarint(),
            1 => (ulong)Take(8).Length,
            2 => (ulong)Bytes().Length,
            5 => (ulong)Take(4).Length,
            _ => throw new InvalidDataException($"Unsupported wire type {WireType}."),
        };
    }

    // A length prefix beyond the buffer is truncation, whatever its size (no overflow exception for huge varints).
    private int Length()
    {
        var length = ReadVarint();
        return length <= (ulong)(_data.Length - _position) ? (int)length : throw new InvalidDataException("Truncated protobuf message.");
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Take(1)[0];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("Varint longer than 10 bytes.");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw new InvalidDataException("Truncated protobuf message.");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private readonly InvalidDataException Wrong(int expected) => new($"Field {Field} has wire type {WireType}, expected {expected}.");
}
