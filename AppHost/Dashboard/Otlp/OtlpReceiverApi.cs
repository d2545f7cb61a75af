using AppHost.Dashboard.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace AppHost.Dashboard.Otlp;

/// <summary>
/// OTLP/HTTP (protobuf) on the OTLP port: <c>POST /v1/traces|metrics|logs</c> → 200 with an empty Export*ServiceResponse,
/// 400 when the protobuf is malformed, 413 when too large, 415 for another content type or encoding.
/// </summary>
internal static class OtlpReceiverApi
{
    /// <summary>Maps the three export routes (the API key is checked by <see cref="DashboardGate"/>).</summary>
    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/traces", (HttpContext context, TelemetryStores stores, IResourceCatalog catalog) => ReceiveAsync(context, body =>
        {
            foreach (var span in OtlpTraceDecoder.Decode(body))
            {
                stores.Traces.Add(span, catalog.ResourceName(span.Resource));
            }
        }));
        app.MapPost("/v1/logs", (HttpContext context, TelemetryStores stores, IResourceCatalog catalog) => ReceiveAsync(context, body =>
        {
            foreach (var record in OtlpLogDecoder.Decode(body))
            {
                stores.Logs.Add(record, catalog.ResourceName(record.Resource));
            }
        }));
        app.MapPost("/v1/metrics", (HttpContext context, TelemetryStores stores, IResourceCatalog catalog) => ReceiveAsync(context, body =>
        {
            foreach (var metric in OtlpMetricDecoder.Decode(body))
            {
                stores.Metrics.Add(metric, catalog.ResourceName(metric.Resource));
            }
        }));
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, Action<byte[]> store)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return DashboardProblem.Create(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                "Send OTLP as application/x-protobuf (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).");
        }

        try
        {
            // Decoding completes before anything is stored, so a malformed request stores nothing.
            var body = await OtlpBody.ReadAsync(context.Request, context.RequestAborted);
            store(body);
        }
        catch (OtlpRejectedException e)
        {
            return DashboardProblem.Create(context, e.Status, e.Status == StatusCodes.Status413PayloadTooLarge ? "Export too large" : "Unsupported encoding", e.Message);
        }
        catch (InvalidDataException e)
        {
            return DashboardProblem.Create(context, StatusCodes.Status400BadRequest, "Malformed OTLP protobuf", e.Message);
        }
        catch (BadHttpRequestException e)
        {
            return DashboardProblem.Create(context, e.StatusCode, "Bad request", e.Message);
        }

        // An empty Export*ServiceResponse is zero bytes of protobuf.
        return TypedResults.Bytes([], "application/x-protobuf");
    }
}
