using Inference.Api.GenAi;
using Inference.Api.Onnx;
using Inference.Api.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the engine chosen by <c>Model:Engine</c> and exposes it as the application's <see cref="IChatClient"/>.</summary>
public static class InferenceEngineServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Model</c> options, loads the model when the host starts (a bad folder, an unknown engine or an
    /// unavailable execution provider stops startup with a message naming the problem), adds a <c>model</c>
    /// readiness check, and composes the chat client: Microsoft.Extensions.AI's logging and OpenTelemetry layers over
    /// the engine's own client.
    /// </summary>
    public static IHostApplicationBuilder AddInferenceEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModelOptions>().BindConfiguration("Model")
            .Validate(o => o.Engine is ModelOptions.OnnxRuntimeEngine or ModelOptions.GenAiEngine, "Model:Engine must be 'onnxruntime' or 'genai'.")
            .Validate(o => o.Provider is "cpu" or "cuda", "Model:Provider must be 'cpu' or 'cuda'.")
            .Validate(o => o.IntraOpThreads >= 0 && o.MaxBatchSize >= 1, "Model:IntraOpThreads must be >= 0 and Model:MaxBatchSize >= 1.")
            .ValidateOnStart();
        // Only the configured engine is built (the other's runtime is never loaded); the container owns and disposes it.
        builder.Services.AddSingleton<IModelEngine>(sp => sp.GetRequiredService<IOptions<ModelOptions>>().Value.Engine == ModelOptions.GenAiEngine
            ? ActivatorUtilities.CreateInstance<GenAiEngine>(sp)
            : ActivatorUtilities.CreateInstance<InferenceEngine>(sp));
        builder.Services.AddChatClient(sp => new OnnxChatClient(sp.GetRequiredService<IModelEngine>()))
            .UseLogging()
            // gen_ai.client.* metrics and the `chat {model}` client span, under our own source and meter name (already
            // exported). Message text never goes on spans: set here, whatever OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT says.
            .UseOpenTelemetry(sourceName: GenAiSemanticConventions.MeterName, configure: otel => otel.EnableSensitiveData = false);
        builder.Services.AddHostedService<ModelLoader>();
        builder.Services.AddHealthChecks().AddCheck<ModelHealthCheck>("model", tags: ["ready"]);
        return builder;
    }
}
