using System.Text;

namespace Inference.Api.Tests.Engine;

/// <summary>
/// A one-node ONNX model (y = Identity(x), float[n]) written as protobuf by hand (onnx.proto field numbers), so the
/// binding's lifetime tests can create a thousand sessions in seconds.
/// </summary>
internal static class TinyOnnxModel
{
    public static string Write(int length)
    {
        var tensorType = Message(1, Varint(1, 1) /* elem_type FLOAT */, Message(2, Message(1, Varint(1, length))) /* shape */);
        byte[] ValueInfo(string name) => Message(0, String(1, name), Message(2, tensorType));
        var node = Message(0, String(1, "x"), String(2, "y"), String(4, "Identity"));
        var graph = Message(0, Field(1, node), String(2, "tiny"), Field(11, ValueInfo("x")), Field(12, ValueInfo("y")));
        var model = Concat(Varint(1, 8) /* ir_version */, Field(8, Message(0, String(1, string.Empty), Varint(2, 17))), Field(7, graph));
        var path = Path.Combine(Path.GetTempPath(), $"tiny-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model);
        return path;
    }

    // field 0 means "just the concatenated body" (used for nested messages built in two steps).
    private static byte[] Message(int field, params byte[][] parts) => field == 0 ? Concat(parts) : Field(field, Concat(parts));

    private static byte[] Field(int field, byte[] body) => Concat(Raw(((ulong)field << 3) | 2), Raw((ulong)body.Length), body);

    private static byte[] String(int field, string value) => Field(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Varint(int field, long value) => Concat(Raw((ulong)field << 3), Raw((ulong)value));

    private static byte[] Raw(ulong value)
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

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
