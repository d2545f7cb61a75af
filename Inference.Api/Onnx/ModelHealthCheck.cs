using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Inference.Api.Onnx;

/// <summary>Ready once the model is loaded; reports the model, the engine and the provider.</summary>
internal sealed class ModelHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var engine = services.GetRequiredService<IModelEngine>();
            return Task.FromResult(HealthCheckResult.Healthy($"{engine.Model.Name} loaded", new Dictionary<string, object>
            {
                ["model"] = engine.Model.Name,
                ["engine"] = engine.Name,
                ["provider"] = engine.Options.Provider,
                ["contextLength"] = engine.Model.Config.ContextLength,
            }));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("model not loaded: " + e.Message));
        }
    }
}
