namespace Inference.Api.Onnx;

/// <summary>Loads the model while the host starts, so a service that cannot serve never reports itself started.</summary>
internal sealed class ModelLoader(IServiceProvider services, ILogger<ModelLoader> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var engine = services.GetRequiredService<IModelEngine>();
        InferenceLog.ModelLoaded(logger, engine.Model.Name, engine.Model.Path, engine.Name, engine.Options.Provider, engine.LoadTime.TotalMilliseconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
