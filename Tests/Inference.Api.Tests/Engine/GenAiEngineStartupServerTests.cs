using Inference.Api.GenAi;
using Inference.Api.Onnx;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Inference.Api.Tests.Engine;

/// <summary>How the GenAI engine refuses what it cannot do, and how the engine setting is checked on start.</summary>
public sealed class GenAiEngineStartupServerTests
{
    [Fact]
    public void CudaOnTheGenAiEngineRefusesToStartNamingTheMissingPackage()
    {
        var options = Options.Create(new ModelOptions { Engine = ModelOptions.GenAiEngine, Provider = "cuda" });

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => new GenAiEngine(options, new HostingEnvironment { ContentRootPath = TestPaths.RepoRoot }));

        Assert.Contains(GenAiEngine.CudaPackage, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not fall back to the CPU", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownEngineStopsStartupNamingTheSetting()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Model:Engine", "llama.cpp"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Model:Engine must be 'onnxruntime' or 'genai'", error.ToString(), StringComparison.Ordinal);
    }
}
