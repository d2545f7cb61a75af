namespace TestSupport.Otlp;

/// <summary>
/// Decodes an <c>ExportTraceServiceRequest</c>. Span fields (trace/v1): 1 trace_id, 2 span_id, 4 parent_span_id, 5 name,
/// 6 kind, 7 start_time_unix_nano, 8 end_time_unix_nano, 9 attributes, 11 events, 15 status (2 message, 3 code).
/// </summary>
internal static class OtlpTraceDecoder
{
    // SpanKind enum values 0..5.
    private static readonly string[] s_kinds = ["unspecified", "internal", "server", "client", "producer", "consumer"];

    // Status.StatusCode enum values 0..2.
    private static readonly string[] s_statuses = ["unset", "ok", "error"];

    /// <summary>Every span in the request; malformed input throws <see cref="InvalidDataException"/>.</summary>
    public static List<OtlpSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        OtlpEnvelope.Walk(request, (resource, scope, item) => spans.Add(Span(resource, scope, item)));
        return spans;
    }

    private static OtlpSpan Span(OtlpResource resource, string scope, ReadOnlySpan<byte> message)
    {
        string traceId = string.Empty, spanId = string.Empty, parent = string.Empty, name = string.Empty;
        string status = s_statuses[0], statusMessage = string.Empty;
        ulong kind = 0, start = 0, end = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = new List<OtlpSpanEvent>();
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: traceId = OtlpEnvelope.Id(reader.Bytes()); break;
                case 2: spanId = OtlpEnvelope.Id(reader.Bytes()); break;
                case 4: parent = OtlpEnvelope.Id(reader.Bytes()); break;
                case 5: name = OtlpAttributes.Bounded(reader.String()); break;
                case 6: kind = reader.Varint(); break;
                case 7: start = reader.Fixed64(); break;
                case 8: end = reader.Fixed64(); break;
                case 9: OtlpAttributes.KeyValue(reader.Bytes(), attributes); break;
                case 11: events.Add(Event(reader.Bytes())); break;
                case 15: (status, statusMessage) = Status(reader.Bytes()); break;
                default: reader.Skip(); break;
            }
        }

        return new OtlpSpan(resource, scope, traceId, spanId, parent, name, kind < (ulong)s_kinds.Length ? s_kinds[kind] : s_kinds[0],
            OtlpEnvelope.Time(start), OtlpEnvelope.Time(Math.Max(start, end)), status, statusMessage, attributes, events);
    }

    private static OtlpSpanEvent Event(ReadOnlySpan<byte> message)
    {
        var name = string.Empty;
        ulong time = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: time = reader.Fixed64(); break;
                case 2: name = OtlpAttributes.Bounded(reader.String()); break;
                case 3: OtlpAttributes.KeyValue(reader.Bytes(), attributes); break;
                default: reader.Skip(); break;
            }
        }

        return new OtlpSpanEvent(name, OtlpEnvelope.Time(time), attributes);
    }

    private static (string Status, string Message) Status(ReadOnlySpan<byte> message)
    {
        ulong code = 0;
        var text = string.Empty;
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 2: text = OtlpAttributes.Bounded(reader.String()); break;
                case 3: code = reader.Varint(); break;
                default: reader.Skip(); break;
            }
        }

        return (code < (ulong)s_statuses.Length ? s_statuses[code] : s_statuses[0], text);
    }
}
