using Inference.Api.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>The service's own meter and activity source, added to the OpenTelemetry pipeline ServiceDefaults builds.</summary>
public static class InferenceTelemetryExtensions
{
    /// <summary>Exports the <c>Inference.Api</c> meter (GenAI histograms, request counters) and its spans.</summary>
    public static IHostApplicationBuilder AddInferenceTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(GenAiSemanticConventions.MeterName))
            .WithTracing(tracing => tracing.AddSource(GenAiSemanticConventions.MeterName));
        return builder;
    }
}
