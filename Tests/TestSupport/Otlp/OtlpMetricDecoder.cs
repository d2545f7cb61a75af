namespace TestSupport.Otlp;

/// <summary>
/// Decodes an <c>ExportMetricsServiceRequest</c>. Metric (metrics/v1): 1 name, 2 description, 3 unit, 5 gauge, 7 sum,
/// 9 histogram (exponential histograms and summaries are skipped). Gauge/Sum/Histogram: 1 data_points; Sum and Histogram
/// 2 aggregation_temporality (1 delta, 2 cumulative); Sum 3 is_monotonic. NumberDataPoint: 7 attributes, 2 start, 3 time,
/// 4 as_double, 6 as_int. HistogramDataPoint: 9 attributes, 2 start, 3 time, 4 count, 5 sum, 6 bucket_counts, 7 explicit_bounds.
/// </summary>
internal static class OtlpMetricDecoder
{
    private const int GaugeField = 5;
    private const int SumField = 7;
    private const int HistogramField = 9;
    private const ulong Cumulative = 2;

    /// <summary>Every metric of a supported kind in the request; malformed input throws <see cref="InvalidDataException"/>.</summary>
    public static List<OtlpMetric> Decode(ReadOnlySpan<byte> request)
    {
        var metrics = new List<OtlpMetric>();
        OtlpEnvelope.Walk(request, (resource, scope, item) =>
        {
            if (Metric(resource, scope, item) is { } metric)
            {
                metrics.Add(metric);
            }
        });
        return metrics;
    }

    private static OtlpMetric? Metric(OtlpResource resource, string scope, ReadOnlySpan<byte> message)
    {
        string name = string.Empty, description = string.Empty, unit = string.Empty;
        string? type = null;
        var cumulative = false;
        var points = new List<OtlpDataPoint>();
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: name = OtlpAttributes.Bounded(reader.String()); break;
                case 2: description = OtlpAttributes.Bounded(reader.String()); break;
                case 3: unit = OtlpAttributes.Bounded(reader.String()); break;
                case GaugeField or SumField or HistogramField:
                    var field = reader.Field;
                    (type, cumulative) = Data(reader.Bytes(), field, points);
                    break;
                default: reader.Skip(); break;
            }
        }

        return type is null ? null : new OtlpMetric(resource, scope, name, description, unit, type, cumulative, points);
    }

    private static (string Type, bool Cumulative) Data(ReadOnlySpan<byte> message, int kind, List<OtlpDataPoint> points)
    {
        ulong temporality = 0;
        var monotonic = false;
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: points.Add(kind == HistogramField ? Histogram(reader.Bytes()) : Number(reader.Bytes())); break;
                case 2 when kind != GaugeField: temporality = reader.Varint(); break;
                case 3 when kind == SumField: monotonic = reader.Varint() != 0; break;
                default: reader.Skip(); break;
            }
        }

        var type = kind switch
        {
            GaugeField => "gauge",
            HistogramField => "histogram",
            _ => monotonic ? "counter" : "updowncounter",
        };
        return (type, temporality == Cumulative);
    }

    private static OtlpDataPoint Number(ReadOnlySpan<byte> message)
    {
        ulong start = 0, time = 0;
        double value = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 2: start = reader.Fixed64(); break;
                case 3: time = reader.Fixed64(); break;
                case 4: value = reader.Double(); break;
                case 6: value = (long)reader.Fixed64(); break;
                case 7: OtlpAttributes.KeyValue(reader.Bytes(), attributes); break;
                default: reader.Skip(); break;
            }
        }

        return new OtlpDataPoint(attributes, OtlpEnvelope.Time(start), OtlpEnvelope.Time(time), value, 0, 0, [], []);
    }

    private static OtlpDataPoint Histogram(ReadOnlySpan<byte> message)
    {
        ulong start = 0, time = 0, count = 0;
        double sum = 0;
        var buckets = new List<ulong>();
        var bounds = new List<ulong>();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 2: start = reader.Fixed64(); break;
                case 3: time = reader.Fixed64(); break;
                case 4: count = reader.Fixed64(); break;
                case 5: sum = reader.Double(); break;
                case 6: reader.RepeatedFixed64(buckets); break;
                case 7: reader.RepeatedFixed64(bounds); break;
                case 9: OtlpAttributes.KeyValue(reader.Bytes(), attributes); break;
                default: reader.Skip(); break;
            }
        }

        if (buckets.Count != 0 && buckets.Count != bounds.Count + 1)
        {
            throw new InvalidDataException($"A histogram point has {buckets.Count} bucket counts for {bounds.Count} bounds (expected one more).");
        }

        var upper = new double[bounds.Count];
        for (var i = 0; i < upper.Length; i++)
        {
            upper[i] = BitConverter.UInt64BitsToDouble(bounds[i]);
        }

        return new OtlpDataPoint(attributes, OtlpEnvelope.Time(start), OtlpEnvelope.Time(time), 0, count, sum, [.. buckets], upper);
    }
}
