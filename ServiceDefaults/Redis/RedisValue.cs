using System.Text;

namespace ServiceDefaults.Redis;

/// <summary>The kinds of RESP2/RESP3 replies.</summary>
internal enum RedisValueKind
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
    Null,
    Double,
    Boolean,
    BigNumber,
    Map,
    Set,
    Push,
}

/// <summary>
/// One reply: its kind and content. Bulk strings keep their bytes; aggregates keep their elements (a map's elements
/// alternate key, value). A server error is a value of kind <see cref="RedisValueKind.Error"/> until a caller asks
/// for it to be raised (<see cref="ThrowIfError"/>).
/// </summary>
internal sealed class RedisValue
{
    public static readonly RedisValue Nil = new(RedisValueKind.Null, null, 0, null);

    private RedisValue(RedisValueKind kind, byte[]? bytes, long integer, RedisValue[]? items)
    {
        Kind = kind;
        Bytes = bytes;
        Integer = integer;
        Items = items;
    }

    public RedisValueKind Kind { get; }
    public byte[]? Bytes { get; }
    public long Integer { get; }
    public RedisValue[]? Items { get; }

    public bool IsNull => Kind == RedisValueKind.Null;

    public static RedisValue Text(RedisValueKind kind, byte[] bytes) => new(kind, bytes, 0, null);

    public static RedisValue Number(long value) => new(RedisValueKind.Integer, null, value, null);

    public static RedisValue Aggregate(RedisValueKind kind, RedisValue[] items) => new(kind, null, 0, items);

    /// <summary>The content as text (null for a null reply).</summary>
    public string? AsString() => Kind switch
    {
        RedisValueKind.Null => null,
        RedisValueKind.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Bytes is null ? null : Encoding.UTF8.GetString(Bytes),
    };

    /// <summary>The content as an integer (integers, or bulk strings holding one).</summary>
    public long AsInt64() => Kind == RedisValueKind.Integer ? Integer : long.Parse(AsString() ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Raises a server error reply as <see cref="RedisServerException"/>.</summary>
    public RedisValue ThrowIfError(string command) =>
        Kind == RedisValueKind.Error ? throw new RedisServerException(command, AsString() ?? string.Empty) : this;

    public override string ToString() => Kind switch
    {
        RedisValueKind.Array or RedisValueKind.Map or RedisValueKind.Set or RedisValueKind.Push => $"{Kind}[{Items!.Length}]",
        _ => $"{Kind}:{AsString()}",
    };
}
