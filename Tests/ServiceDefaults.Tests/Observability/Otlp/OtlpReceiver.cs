using System.Collections.Concurrent;
using System.Diagnostics;
using TestSupport.Otlp;
using TestSupport.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Tests.Observability.Otlp;

/// <summary>
/// A loopback OTLP/HTTP receiver for tests: accepts protobuf POSTs on <c>/v1/traces</c> and <c>/v1/metrics</c>
/// (and <c>/v1/logs</c>, counted only), decodes them with the AppHost dashboard's decoders and keeps what arrived
/// with the request headers.
/// Non-protobuf bodies get 415, undecodable ones 400, as a real collector would answer.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>Base URL to put in OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public Uri Endpoint { get; }

    /// <summary>Spans received, in arrival order.</summary>
    public ConcurrentQueue<OtlpSpan> Spans { get; } = new();

    /// <summary>Metrics received, in arrival order.</summary>
    public ConcurrentQueue<OtlpMetric> Metrics { get; } = new();

    /// <summary>Headers of every export request.</summary>
    public ConcurrentQueue<IHeaderDictionary> Headers { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "otlp-receiver", EnvironmentName = "Production" });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        // Its own request activities would be traced by the app under test (same process) and exported back here in
        // a loop: give the receiver's hosting a source and listener nobody subscribes to.
        builder.Services.AddSingleton(new ActivitySource("OtlpReceiver.Unobserved"));
        builder.Services.AddSingleton(new DiagnosticListener("OtlpReceiver.Unobserved"));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, new Uri($"http://127.0.0.1:{port}"));
        app.MapPost("/v1/traces", (HttpContext context) => receiver.ReceiveAsync(context, body => Enqueue(receiver.Spans, OtlpTraceDecoder.Decode(body))));
        app.MapPost("/v1/metrics", (HttpContext context) => receiver.ReceiveAsync(context, body => Enqueue(receiver.Metrics, OtlpMetricDecoder.Decode(body))));
        app.MapPost("/v1/logs", (HttpContext context) => receiver.ReceiveAsync(context, _ => { }));
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static void Enqueue<T>(ConcurrentQueue<T> queue, List<T> items)
    {
        foreach (var item in items)
        {
            queue.Enqueue(item);
        }
    }

    private async Task ReceiveAsync(HttpContext context, Action<byte[]> decode)
    {
        if (!string.Equals(context.Request.ContentType, "application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        Headers.Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)));
        try
        {
            decode(buffer.ToArray());
        }
        catch (InvalidDataException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // An empty Export*ServiceResponse is zero bytes of protobuf.
        context.Response.ContentType = "application/x-protobuf";
    }
}
