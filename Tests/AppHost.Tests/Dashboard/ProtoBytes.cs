using System.Text;

namespace AppHost.Tests.Dashboard;

/// <summary>Builds protobuf bytes by hand for decoder tests (length-delimited fields with varint lengths).</summary>
internal static class ProtoBytes
{
    public static byte[] Text(int field, string value) => Message(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Message(int field, byte[] body) => Concat(Varint((ulong)((field << 3) | 2)), Varint((ulong)body.Length), body);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
