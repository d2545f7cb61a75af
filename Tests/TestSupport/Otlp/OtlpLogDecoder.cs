namespace TestSupport.Otlp;

/// <summary>
/// Decodes an <c>ExportLogsServiceRequest</c>. LogRecord fields (logs/v1): 1 time_unix_nano, 2 severity_number,
/// 3 severity_text, 5 body, 6 attributes, 9 trace_id, 10 span_id, 11 observed_time_unix_nano, 12 event_name.
/// </summary>
internal static class OtlpLogDecoder
{
    // SeverityNumber: 1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL; named as .NET's LogLevel.
    private static readonly string[] s_levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    /// <summary>Every log record in the request; malformed input throws <see cref="InvalidDataException"/>.</summary>
    public static List<OtlpLogRecord> Decode(ReadOnlySpan<byte> request)
    {
        var records = new List<OtlpLogRecord>();
        OtlpEnvelope.Walk(request, (resource, scope, item) => records.Add(Record(resource, scope, item)));
        return records;
    }

    /// <summary>The level name of a severity number (Information when unset or out of range).</summary>
    public static string Level(ulong severity) => severity is >= 1 and <= 24 ? s_levels[(severity - 1) / 4] : s_levels[2];

    private static OtlpLogRecord Record(OtlpResource resource, string scope, ReadOnlySpan<byte> message)
    {
        ulong time = 0, observed = 0, severity = 0;
        string body = string.Empty, eventName = string.Empty, traceId = string.Empty, spanId = string.Empty;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: time = reader.Fixed64(); break;
                case 2: severity = reader.Varint(); break;
                case 5: body = OtlpAttributes.AnyValue(reader.Bytes()); break;
                case 6: OtlpAttributes.KeyValue(reader.Bytes(), attributes); break;
                case 9: traceId = OtlpEnvelope.Id(reader.Bytes()); break;
                case 10: spanId = OtlpEnvelope.Id(reader.Bytes()); break;
                case 11: observed = reader.Fixed64(); break;
                case 12: eventName = OtlpAttributes.Bounded(reader.String()); break;
                default: reader.Skip(); break;
            }
        }

        var category = scope.Length > 0 ? scope : attributes.GetValueOrDefault("category") ?? string.Empty;
        return new OtlpLogRecord(resource, category, OtlpEnvelope.Time(time != 0 ? time : observed), Level(severity), body, eventName,
            traceId, spanId, attributes);
    }
}
