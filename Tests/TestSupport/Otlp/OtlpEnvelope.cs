namespace TestSupport.Otlp;

/// <summary>
/// Walks the shape the three OTLP export requests share: <c>Export*ServiceRequest.1</c> = Resource{Spans,Logs,Metrics};
/// in those, <c>.1</c> = Resource and <c>.2</c> = Scope{Spans,Logs,Metrics}; in those, <c>.1</c> = InstrumentationScope
/// (name <c>.1</c>) and <c>.2</c> = the items. Protobuf allows fields in any order, so the resource and scope are read
/// in a first pass before the items.
/// </summary>
internal static class OtlpEnvelope
{
    /// <summary>Calls <paramref name="handler"/> for every item; malformed input throws <see cref="InvalidDataException"/>.</summary>
    public static void Walk(ReadOnlySpan<byte> request, OtlpItemHandler handler)
    {
        var reader = new ProtoReader(request);
        while (reader.Next())
        {
            if (reader.Field == 1)
            {
                Group(reader.Bytes(), handler);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void Group(ReadOnlySpan<byte> group, OtlpItemHandler handler)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtoReader(group);
        while (reader.Next())
        {
            if (reader.Field == 1)
            {
                var resource = new ProtoReader(reader.Bytes());
                while (resource.Next())
                {
                    if (resource.Field == 1)
                    {
                        OtlpAttributes.KeyValue(resource.Bytes(), attributes);
                    }
                    else
                    {
                        resource.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        var owner = new OtlpResource(attributes);
        reader = new ProtoReader(group);
        while (reader.Next())
        {
            if (reader.Field == 2)
            {
                Scope(reader.Bytes(), owner, handler);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void Scope(ReadOnlySpan<byte> scope, OtlpResource owner, OtlpItemHandler handler)
    {
        var name = string.Empty;
        var reader = new ProtoReader(scope);
        while (reader.Next())
        {
            if (reader.Field == 1)
            {
                var inner = new ProtoReader(reader.Bytes());
                while (inner.Next())
                {
                    if (inner.Field == 1)
                    {
                        name = OtlpAttributes.Bounded(inner.String());
                    }
                    else
                    {
                        inner.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        reader = new ProtoReader(scope);
        while (reader.Next())
        {
            if (reader.Field == 2)
            {
                handler(owner, name, reader.Bytes());
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Nanoseconds since the Unix epoch as a UTC time (0 means unset and stays the epoch).</summary>
    public static DateTime Time(ulong unixNanos) => DateTime.UnixEpoch.AddTicks((long)(unixNanos / 100));

    /// <summary>A trace or span id as lowercase hex (empty when unset).</summary>
    public static string Id(ReadOnlySpan<byte> id) => id.IsEmpty ? string.Empty : Convert.ToHexStringLower(id);
}
