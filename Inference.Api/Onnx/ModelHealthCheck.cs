using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Inference.Api.Onnx;

/// <summary>Ready once the model is loaded; reports the model, the provider and the ONNX Runtime version.</summary>
internal sealed class ModelHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var engine = services.GetRequiredService<InferenceEngine>();
            return Task.FromResult(HealthCheckResult.Healthy($"{engine.Model.Name} loaded", new Dictionary<string, object>
            {
                ["model"] = engine.Model.Name,
                ["provider"] = engine.Options.Provider,
                ["onnxruntime"] = Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString(),
                ["contextLength"] = engine.Model.Config.ContextLength,
            }));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("model not loaded: " + e.Message));
        }
    }
}
