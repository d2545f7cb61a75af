using TestSupport.Cache;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Inference.Api.Tests;

/// <summary>The real service in memory: the shipped model on our engine, a real redis-server, a private spool folder.</summary>
public class InferenceApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly DirectoryInfo _spool = Directory.CreateTempSubdirectory("inference-spool-");

    internal CacheServer Cache { get; private set; } = null!;

    public string SpoolDirectory => _spool.FullName;

    /// <summary>The <c>Model:Engine</c> this service runs.</summary>
    public virtual string Engine => Onnx.ModelOptions.OnnxRuntimeEngine;

    public async Task InitializeAsync() => Cache = await CacheServer.StartAsync(new CacheServerOptions { Kind = CacheServerKind.Redis });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Cache.DisposeAsync();
        _spool.Delete(recursive: true);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:cache", Cache.ConnectionString);
        builder.UseSetting("Telemetry:Events:SpoolDirectory", _spool.FullName);
        builder.UseSetting("Telemetry:Events:InitialRetryDelay", "00:00:00.100");
        builder.UseSetting("Telemetry:Events:MaxRetryDelay", "00:00:00.500");
        builder.UseSetting("Model:IntraOpThreads", "1");
        builder.UseSetting("Model:Engine", Engine);
    }
}

/// <summary>The same service with <c>Model:Engine=genai</c> (ONNX Runtime GenAI).</summary>
public sealed class GenAiInferenceApiFactory : InferenceApiFactory
{
    public override string Engine => Onnx.ModelOptions.GenAiEngine;
}
