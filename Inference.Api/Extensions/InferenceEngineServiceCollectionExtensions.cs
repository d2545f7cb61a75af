using Inference.Api.Onnx;
using Microsoft.Extensions.AI;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the ONNX Runtime engine and exposes it as the application's <see cref="IChatClient"/>.</summary>
public static class InferenceEngineServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Model</c> options, loads the model when the host starts (a bad folder or an unavailable execution
    /// provider stops startup with a message naming the problem), and adds a <c>model</c> readiness check.
    /// </summary>
    public static IHostApplicationBuilder AddInferenceEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModelOptions>().BindConfiguration("Model")
            .Validate(o => o.Provider is "cpu" or "cuda", "Model:Provider must be 'cpu' or 'cuda'.")
            .Validate(o => o.IntraOpThreads >= 0 && o.MaxBatchSize >= 1, "Model:IntraOpThreads must be >= 0 and Model:MaxBatchSize >= 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<InferenceEngine>();
        builder.Services.AddSingleton<IChatClient, OnnxChatClient>();
        builder.Services.AddHostedService<ModelLoader>();
        builder.Services.AddHealthChecks().AddCheck<ModelHealthCheck>("model", tags: ["ready"]);
        return builder;
    }
}
