using AppHost.Dashboard.Otlp;

namespace AppHost.Tests.Dashboard;

public sealed class OtlpDecoderTests
{
    // ExportTraceServiceRequest{ resource_spans{ resource{ attributes{ key "service.name" value{ string "svc" } } }
    //   scope_spans{ spans{ name "GET /x" attributes{ key "n" value{ int 7 } } } } } }
    private static readonly byte[] s_request = ProtoBytes.Message(1, ProtoBytes.Concat(
        ProtoBytes.Message(1, ProtoBytes.Message(1, ProtoBytes.Concat(ProtoBytes.Text(1, "service.name"), ProtoBytes.Message(2, ProtoBytes.Text(1, "svc"))))),
        ProtoBytes.Message(2, ProtoBytes.Message(2, ProtoBytes.Concat(
            ProtoBytes.Text(5, "GET /x"),
            ProtoBytes.Message(9, ProtoBytes.Concat(ProtoBytes.Text(1, "n"), ProtoBytes.Message(2, [0x18, 7]))))))));

    [Fact]
    public void ASpanIsDecodedWithItsResourceAndAttributes()
    {
        var span = Assert.Single(OtlpTraceDecoder.Decode(s_request));

        Assert.Equal("GET /x", span.Name);
        Assert.Equal("svc", span.Resource.ServiceName);
        Assert.Equal("7", span.Attributes["n"]);
        Assert.Equal("unset", span.Status);
    }

    [Fact]
    public void ATruncatedBodyIsRejectedAsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => OtlpTraceDecoder.Decode(s_request.AsSpan(0, s_request.Length - 3)));
        Assert.Throws<InvalidDataException>(() => OtlpMetricDecoder.Decode([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]));
    }

    [Fact]
    public void AHugeLengthPrefixIsInvalidDataNotAnOverflow()
    {
        // Field 1, wire type 2, length 2^40: larger than int and than the buffer.
        Assert.Throws<InvalidDataException>(() => OtlpLogDecoder.Decode([0x0A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]));
    }

    [Fact]
    public void AttributeValuesNestedTooDeeplyAreRejectedWithoutExhaustingTheStack()
    {
        // AnyValue{ array_value{ values{ array_value{ ... } } } } nested 50 levels under one resource attribute.
        var value = ProtoBytes.Text(1, "leaf");
        for (var i = 0; i < 50; i++)
        {
            value = ProtoBytes.Message(5, ProtoBytes.Message(1, value));
        }

        var request = ProtoBytes.Message(1, ProtoBytes.Message(1, ProtoBytes.Message(1, ProtoBytes.Concat(ProtoBytes.Text(1, "k"), ProtoBytes.Message(2, value)))));

        Assert.Throws<InvalidDataException>(() => OtlpTraceDecoder.Decode(request));
    }

    [Fact]
    public void AHistogramWithMismatchedBucketsIsRejected()
    {
        // Metric{ name "h" histogram{ data_points{ bucket_counts [1,2] explicit_bounds [] } } }
        var point = ProtoBytes.Message(6, ProtoBytes.Concat(BitConverter.GetBytes(1UL), BitConverter.GetBytes(2UL)));
        var request = ProtoBytes.Message(1, ProtoBytes.Message(2, ProtoBytes.Message(2, ProtoBytes.Concat(ProtoBytes.Text(1, "h"), ProtoBytes.Message(9, ProtoBytes.Message(1, point))))));

        Assert.Throws<InvalidDataException>(() => OtlpMetricDecoder.Decode(request));
    }
}
