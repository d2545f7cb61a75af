using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceDefaults.Prometheus;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry 1.20 wired by hand (OpenTelemetry.Extensions.Hosting is not on the feed): meter and tracer
/// providers built once, registered as singletons so the host disposes (and flushes) them on stop, a Prometheus
/// pull reader always, and OTLP exporters for metrics, traces and logs when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// The OTEL_* settings come from the host configuration (see <see cref="OtlpSettings"/>). Histograms keep trace-based
/// exemplars (unless OTEL_METRICS_EXEMPLAR_FILTER says otherwise) so OpenMetrics scrapes can link buckets to traces.
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
        var config = builder.Configuration;
        var otlp = OtlpSettings.Enabled(config);
        var resource = OtlpSettings.Resource(config, builder.Environment.ApplicationName);
        var exporter = new PrometheusExporter();
        var reader = new BaseExportingMetricReader(exporter);
        exporter.Reader = reader;

        builder.Services.AddSingleton(exporter);
        builder.Services.AddSingleton(sp =>
        {
            var meters = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Meters).AddReader(reader);
            if (string.IsNullOrEmpty(config["OTEL_METRICS_EXEMPLAR_FILTER"]))
            {
                meters.SetExemplarFilter(ExemplarFilterType.TraceBased);
            }

            if (otlp)
            {
                meters.AddOtlpExporter((exporter, reader) =>
                {
                    OtlpSettings.Apply(exporter, config, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = OtlpSettings.Milliseconds(config, "OTEL_METRIC_EXPORT_INTERVAL", 60_000);
                });
            }

            return meters.Build();
        });
        builder.Services.AddSingleton(sp =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(Sources);
            if (otlp)
            {
                tracing.AddOtlpExporter(o =>
                {
                    OtlpSettings.Apply(o, config, "v1/traces");
                    o.BatchExportProcessorOptions.ScheduledDelayMilliseconds = OtlpSettings.Milliseconds(config, "OTEL_BSP_SCHEDULE_DELAY", 5000);
                });
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
                o.AddProcessor(new TraceContextFromAttributes());
                o.AddOtlpExporter(e =>
                {
                    OtlpSettings.Apply(e, config, "v1/logs");
                    e.BatchExportProcessorOptions.ScheduledDelayMilliseconds = OtlpSettings.Milliseconds(config, "OTEL_BLRP_SCHEDULE_DELAY", 1000);
                });
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
