using AppHost.Dashboard.Otlp;

namespace AppHost.Tests.Dashboard;

/// <summary>Decoded telemetry built directly, for store tests.</summary>
internal static class TelemetryFactory
{
    public static readonly OtlpResource Resource = new(new Dictionary<string, string> { ["service.name"] = "svc" });

    private static readonly DateTime s_start = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    public static OtlpLogRecord Log(string message, string level = "Information", string traceId = "", Dictionary<string, string>? attributes = null) =>
        new(Resource, "Tests", s_start, level, message, string.Empty, traceId, string.Empty, attributes ?? []);

    public static OtlpSpan Span(string traceId, string spanId, string parent = "", string name = "op", int startMs = 0, int durationMs = 10, string status = "unset") =>
        new(Resource, "Tests", traceId, spanId, parent, name, "internal", s_start.AddMilliseconds(startMs), s_start.AddMilliseconds(startMs + durationMs),
            status, string.Empty, new Dictionary<string, string>(), []);

    public static OtlpMetric Gauge(string name, double value, int second, Dictionary<string, string>? attributes = null) =>
        new(Resource, "Tests", name, string.Empty, "1", "gauge", false, [new OtlpDataPoint(attributes ?? [], s_start, s_start.AddSeconds(second), value, 0, 0, [], [])]);

    public static OtlpMetric Histogram(string name, int second, ulong[] buckets, double[] bounds, double sum, bool cumulative = true) =>
        new(Resource, "Tests", name, string.Empty, "ms", "histogram", cumulative,
            [new OtlpDataPoint(new Dictionary<string, string>(), s_start, s_start.AddSeconds(second), 0, (ulong)buckets.Sum(b => (long)b), sum, buckets, bounds)]);
}
