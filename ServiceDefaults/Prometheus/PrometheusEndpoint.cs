using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Prometheus;

/// <summary><c>GET /metrics</c>: collect now, answer OpenMetrics 1.0.0 or text 0.0.4 as the Accept header asks.</summary>
internal static class PrometheusEndpoint
{
    public static async Task ScrapeAsync(HttpContext context, PrometheusExporter exporter, OpenTelemetry.Metrics.MeterProvider meters)
    {
        _ = meters; // resolving it guarantees the reader is attached before the first scrape
        var format = AcceptNegotiation.Choose(context.Request.Headers.Accept);
        // The rendering lives in the exporter's buffer only while the lock is held, and a lock cannot span an await:
        // copy it into a pooled array (a scrape is ~0.5 MB for 1 000 series) and write that.
        byte[] body;
        int length;
        lock (exporter.Gate)
        {
            exporter.Format = format;
            if (!(exporter.Collect ?? exporter.Reader!.Collect)(5000))
            {
                throw new InvalidOperationException("Metric collection failed or timed out.");
            }

            length = exporter.Rendered.Length;
            body = ArrayPool<byte>.Shared.Rent(length);
            exporter.Rendered.Span.CopyTo(body);
        }

        try
        {
            context.Response.ContentType = format == ExpositionFormat.OpenMetrics ? AcceptNegotiation.OpenMetricsContentType : AcceptNegotiation.TextContentType;
            context.Response.ContentLength = length;
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.Vary = "Accept";
            await context.Response.Body.WriteAsync(body.AsMemory(0, length), context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }
}
