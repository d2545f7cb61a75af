using AppHost.Dashboard.Otlp;

namespace AppHost.Tests.Dashboard;

/// <summary>
/// Mutated OTLP bodies straight into the decoders, many more than over HTTP: whatever the bytes, a decoder either returns
/// or throws <see cref="InvalidDataException"/> (which the receiver answers with 400), never anything else.
/// </summary>
public sealed class OtlpDecoderFuzzTests
{
    private const int Mutations = 20_000;

    // One message that is valid for all three signals' field layouts up to the item, plus a histogram metric and a log body.
    private static readonly byte[][] s_seeds =
    [
        ProtoBytes.Message(1, ProtoBytes.Concat(
            ProtoBytes.Message(1, ProtoBytes.Message(1, ProtoBytes.Concat(ProtoBytes.Text(1, "service.name"), ProtoBytes.Message(2, ProtoBytes.Text(1, "svc"))))),
            ProtoBytes.Message(2, ProtoBytes.Concat(ProtoBytes.Message(1, ProtoBytes.Text(1, "scope")),
                ProtoBytes.Message(2, ProtoBytes.Concat(ProtoBytes.Text(5, "span"), ProtoBytes.Message(15, ProtoBytes.Text(2, "bad")),
                    ProtoBytes.Message(11, ProtoBytes.Text(2, "event")))))))),
        ProtoBytes.Message(1, ProtoBytes.Message(2, ProtoBytes.Message(2, ProtoBytes.Concat(ProtoBytes.Text(1, "h"),
            ProtoBytes.Message(9, ProtoBytes.Message(1, ProtoBytes.Concat(
                ProtoBytes.Message(6, ProtoBytes.Concat(BitConverter.GetBytes(1UL), BitConverter.GetBytes(2UL))),
                ProtoBytes.Message(7, BitConverter.GetBytes(10.0))))))))),
        ProtoBytes.Message(1, ProtoBytes.Message(2, ProtoBytes.Message(2, ProtoBytes.Concat(
            ProtoBytes.Message(5, ProtoBytes.Message(5, ProtoBytes.Message(1, ProtoBytes.Text(1, "x")))),
            ProtoBytes.Message(6, ProtoBytes.Concat(ProtoBytes.Text(1, "k"), ProtoBytes.Message(2, ProtoBytes.Message(6, ProtoBytes.Message(1, ProtoBytes.Text(1, "n")))))))))),
    ];

    [Fact]
    public void MutatedBodiesEitherDecodeOrAreInvalidDataForEverySignal()
    {
        var random = new Random(7);
        var decoded = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var body = Mutate(s_seeds[i % s_seeds.Length], random);
            foreach (var decode in new Action<byte[]>[] { b => OtlpTraceDecoder.Decode(b), b => OtlpLogDecoder.Decode(b), b => OtlpMetricDecoder.Decode(b) })
            {
                try
                {
                    decode(body);
                    decoded++;
                }
                catch (InvalidDataException)
                {
                }
            }
        }

        Assert.InRange(decoded, 1, (3 * Mutations) - 1);
    }

    [Fact]
    public void AnOversizedValueIsCutSoOneRecordCannotHoldMegabytes()
    {
        var huge = new string('x', 1_000_000);
        var request = ProtoBytes.Message(1, ProtoBytes.Message(2, ProtoBytes.Message(2, ProtoBytes.Concat(
            ProtoBytes.Message(5, ProtoBytes.Text(1, huge)),
            ProtoBytes.Message(6, ProtoBytes.Concat(ProtoBytes.Text(1, "k"), ProtoBytes.Message(2, ProtoBytes.Text(1, huge))))))));

        var record = Assert.Single(OtlpLogDecoder.Decode(request));

        Assert.Equal(OtlpAttributes.MaxValueLength, record.Message.Length);
        Assert.EndsWith("…", record.Message);
        Assert.Equal(OtlpAttributes.MaxValueLength, record.Attributes["k"].Length);
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var body = seed.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && body.Count > 0; e++)
        {
            var at = random.Next(body.Count);
            switch (random.Next(4))
            {
                case 0: body[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: body.RemoveRange(at, body.Count - at); break;
                case 2: body.Insert(at, (byte)random.Next(256)); break;
                default: body[at] = (byte)random.Next(256); break;
            }
        }

        return [.. body];
    }
}
