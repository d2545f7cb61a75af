using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ServiceDefaults.Prometheus;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry 1.20 wired by hand (OpenTelemetry.Extensions.Hosting is not on the feed): meter and tracer
/// providers built once, registered as singletons so the host disposes (and flushes) them on stop, a Prometheus
/// pull reader always, and OTLP exporters for metrics, traces and logs when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (the exporter itself honours OTEL_EXPORTER_OTLP_PROTOCOL and _HEADERS; the resource honours OTEL_SERVICE_NAME and
/// OTEL_RESOURCE_ATTRIBUTES).
/// </summary>
internal static class OpenTelemetrySetup
{
    /// <summary>Meters of ASP.NET Core, HttpClient and the runtime, plus the product's own.</summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http", "System.Runtime", "Inference.Api", "Telemetry.Aggregator",
    ];

    /// <summary>Activity sources traced.</summary>
    public static readonly string[] Sources = ["Microsoft.AspNetCore", "System.Net.Http", "ServiceDefaults.Redis", "Inference.Api", "Telemetry.Aggregator"];

    public static void Configure(IHostApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var resource = ResourceBuilder.CreateDefault().AddService(builder.Environment.ApplicationName);
        var exporter = new PrometheusExporter();
        var reader = new BaseExportingMetricReader(exporter);
        exporter.Reader = reader;

        builder.Services.AddSingleton(exporter);
        builder.Services.AddSingleton(sp =>
        {
            var meters = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Meters).AddReader(reader);
            if (otlp)
            {
                meters.AddOtlpExporter();
            }

            return meters.Build();
        });
        builder.Services.AddSingleton(sp =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(Sources);
            if (otlp)
            {
                tracing.AddOtlpExporter();
            }

            return tracing.Build();
        });
        // Built when the host starts, so listeners exist before the first request.
        builder.Services.AddHostedService<TelemetryStarter>();

        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.SetResourceBuilder(resource);
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
                o.AddOtlpExporter();
            });
        }
    }

    private sealed class TelemetryStarter(MeterProvider meters, TracerProvider tracing) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = (meters, tracing);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            meters.ForceFlush(2000);
            tracing.ForceFlush(2000);
            return Task.CompletedTask;
        }
    }
}
