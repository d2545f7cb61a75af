using Telemetry.Aggregator.Ingest;

namespace Telemetry.Aggregator;

/// <summary>The aggregator's own meter, added to the OpenTelemetry pipeline ServiceDefaults builds.</summary>
internal static class AggregatorTelemetryExtensions
{
    /// <summary>Exports the <c>Telemetry.Aggregator</c> meter (ingest counters, queue and window gauges); it starts no spans of its own.</summary>
    public static IHostApplicationBuilder AddAggregatorTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(AggregatorMetrics.MeterName));
        return builder;
    }
}
