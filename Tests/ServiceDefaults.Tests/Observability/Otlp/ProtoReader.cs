using System.Buffers.Binary;
using System.Text;

namespace ServiceDefaults.Tests.Observability.Otlp;

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

    public ulong Varint() => WireType == 0 ? ReadVarint() : throw Wrong(0);

    public ulong Fixed64()
    {
        if (WireType != 1)
        {
            throw Wrong(1);
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        return value;
    }

    public ReadOnlySpan<byte> Bytes() => WireType == 2 ? Take(checked((int)ReadVarint())) : throw Wrong(2);

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
