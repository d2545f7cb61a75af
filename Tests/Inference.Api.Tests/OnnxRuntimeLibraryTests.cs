using Inference.Api.Onnx;

namespace Inference.Api.Tests;

public sealed class OnnxRuntimeLibraryTests
{
    [Fact]
    public void TheNativeLibraryComesFromTheOnnxRuntime132Package()
    {
        var library = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime.so");
        Assert.True(File.Exists(library), "the package's library must be in the output: " + library);

        // Through the engine's own start, so this test never creates the environment with ORT's telemetry on.
        var environment = OnnxRuntimeEnvironment.Initialize(new ModelOptions());

        Assert.StartsWith("1.32.", environment.GetVersionString(), StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", environment.GetAvailableProviders());
    }
}
