namespace ServiceDefaults.Tests.Observability.Otlp;

public sealed class OtlpDecoderTests
{
    // ExportTraceServiceRequest{ resource_spans{ resource{ attributes{ key "service.name" value{ string "svc" } } }
    //   scope_spans{ spans{ name "GET /x" attributes{ key "n" value{ int 7 } } } } } }
    private static readonly byte[] s_request = Message(1, Concat(
        Message(1, Message(1, Concat(Text(1, "service.name"), Message(2, Text(1, "svc"))))),
        Message(2, Message(2, Concat(Text(5, "GET /x"), Message(9, Concat(Text(1, "n"), Message(2, [0x18, 7]))))))));

    [Fact]
    public void ASpanIsDecodedWithItsResourceAndAttributes()
    {
        var span = Assert.Single(OtlpDecoder.Traces(s_request));

        Assert.Equal("GET /x", span.Name);
        Assert.Equal("svc", span.Resource["service.name"]);
        Assert.Equal("7", span.Attributes["n"]);
    }

    [Fact]
    public void ATruncatedBodyIsRejectedAsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => OtlpDecoder.Traces(s_request.AsSpan(0, s_request.Length - 3)));
        Assert.Throws<InvalidDataException>(() => OtlpDecoder.Metrics([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]));
    }

    private static byte[] Text(int field, string value) => Message(field, System.Text.Encoding.UTF8.GetBytes(value));

    private static byte[] Message(int field, byte[] body) => Concat([(byte)((field << 3) | 2), checked((byte)body.Length)], body);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
